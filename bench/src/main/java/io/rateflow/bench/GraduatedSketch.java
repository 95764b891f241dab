package io.rateflow.bench;

import java.math.BigDecimal;

/**
 * NOT production code: a sketch of a graduated fast path, to show what the 5-tier rule could cost
 * if priced in long fixed-point arithmetic with precomputed tier prefix sums instead of building,
 * diffing and summing BigDecimal price lines twice per event. Hard-wired to public-usd's {@code
 * api_calls} tiers; {@link GraduatedSketchBenchmark} checks that it charges exactly what {@code
 * RuleSet.rate} charges for every benchmark input before measuring it.
 *
 * <p>Units: quantities in millionths (Avro scale 6), rates in ten-thousandths, prices in 1e-10 of a
 * dollar; rounding to cents HALF_EVEN on the period totals, as {@code RuleSet} does.
 */
final class GraduatedSketch {
  /**
   * What the sketch computes per event: the charge, and the tiers the event falls in for the
   * breakdown.
   */
  record Charge(long amountMinor, int firstTier, int lastTier, long afterMicros) {}

  // (from, upTo] in millionths of a call, rate in 1e-4 $ per call.
  private static final long[] FROM = {
    0, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L
  };
  private static final long[] RATE = {0, 10, 8, 5, 3};
  private static final long[] PRICE_AT_FROM = new long[FROM.length]; // 1e-10 $
  private static final long TO_MINOR = 100_000_000L; // 1e-10 $ → cents

  static {
    for (int k = 1; k < FROM.length; k++) {
      PRICE_AT_FROM[k] = PRICE_AT_FROM[k - 1] + (FROM[k] - FROM[k - 1]) * RATE[k - 1];
    }
  }

  private GraduatedSketch() {}

  static Charge rate(long beforeMicros, long quantityMicros) {
    long after = Math.addExact(beforeMicros, quantityMicros);
    int kb = tierOf(beforeMicros);
    int ka = tierOf(after);
    long minor = toMinor(priceAt(after, ka)) - toMinor(priceAt(beforeMicros, kb));
    return new Charge(minor, kb, ka, after);
  }

  /** Micros of a decimal with at most 6 fractional digits. */
  static long micros(BigDecimal d) {
    return d.movePointRight(6).longValueExact();
  }

  private static int tierOf(long micros) {
    int k = FROM.length - 1;
    while (k > 0 && micros <= FROM[k]) {
      k--;
    }
    return k;
  }

  private static long priceAt(long micros, int tier) {
    // Overflows (and then must fall back to BigDecimal) only beyond ~3e12 calls in a month at these
    // rates.
    return Math.addExact(PRICE_AT_FROM[tier], Math.multiplyExact(micros - FROM[tier], RATE[tier]));
  }

  private static long toMinor(long e10) {
    long q = e10 / TO_MINOR;
    long r = e10 % TO_MINOR;
    long twice = 2 * r;
    if (twice > TO_MINOR || (twice == TO_MINOR && (q & 1) == 1)) {
      q++;
    }
    return q;
  }
}

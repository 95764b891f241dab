package io.rateflow.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact fixed-point helpers for the pricing fast paths: a decimal is an unscaled {@code long} and a
 * scale, as in {@link BigDecimal}, and every result is either exact or an {@link
 * ArithmeticException} (never a double, never a silent overflow), so that a caller can fall back to
 * {@code BigDecimal}.
 */
final class Decimals {
  /** Scale of the quantities the fast paths handle: Avro's decimal(…, 6) of every usage. */
  static final int QUANTITY_SCALE = 6;

  static final long[] POW10 = new long[19];

  /** {@code ZEROS[n]} is n zeros: the leading zeros of a fraction. */
  private static final String[] ZEROS = new String[POW10.length];

  static {
    POW10[0] = 1;
    ZEROS[0] = "";
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
      ZEROS[i] = ZEROS[i - 1] + "0";
    }
  }

  private Decimals() {}

  /**
   * {@code x} in millionths, or -1 when {@code x} is negative, has a scale outside 0..6, or is
   * 10^12 or more: then the caller takes the {@code BigDecimal} path.
   */
  static long micros(BigDecimal x) {
    int scale = x.scale();
    if (scale < 0 || scale > QUANTITY_SCALE || x.signum() < 0 || x.precision() - scale > 12) {
      return -1;
    }
    // The unscaled value times 10^(6 - scale). Through scaleByPowerOfTen(scale), whose result has
    // scale 0
    // so longValueExact returns its long at once, the JIT removes the intermediate BigDecimal; with
    // movePointRight(6) it did not (measured: 40 bytes per call).
    return x.scaleByPowerOfTen(scale).longValueExact() * POW10[QUANTITY_SCALE - scale];
  }

  /** Exactly {@code BigDecimal.valueOf(unscaled, scale).toPlainString()}, for {@code scale ≥ 0}. */
  static String plain(long unscaled, int scale) {
    if (scale == 0) {
      return Long.toString(unscaled);
    }
    if (unscaled == Long.MIN_VALUE || scale >= POW10.length) {
      return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }
    long rest = Math.abs(unscaled);
    long fraction = rest % POW10[scale];
    int digits = 1;
    while (digits < scale && fraction >= POW10[digits]) {
      digits++;
    }
    // One concatenation: it sizes and fills the string's bytes once, where building them by hand
    // and calling new String(bytes) copies them a second time.
    return (unscaled < 0 ? "-" : "") + rest / POW10[scale] + "." + ZEROS[scale - digits] + fraction;
  }

  /**
   * {@code value} (≥ 0, at {@code scale}) rounded to {@code digits} fractional digits, as an
   * unscaled long: what {@code Money.toMinor} returns for the same value. {@link
   * RoundingMode#UNNECESSARY} with a remainder throws, so the caller falls back to the path that
   * produces the user-facing message.
   */
  static long round(long value, int scale, int digits, RoundingMode mode) {
    if (scale <= digits) {
      return Math.multiplyExact(value, POW10[digits - scale]);
    }
    long divisor = POW10[scale - digits];
    long q = value / divisor;
    long r = value % divisor;
    if (r == 0) {
      return q;
    }
    long twice = 2 * r; // r < divisor ≤ 10^18, so no overflow
    boolean up =
        switch (mode) {
          case UP, CEILING -> true;
          case DOWN, FLOOR -> false;
          case HALF_UP -> twice >= divisor;
          case HALF_DOWN -> twice > divisor;
          case HALF_EVEN -> twice > divisor || (twice == divisor && (q & 1) == 1);
          case UNNECESSARY -> throw new ArithmeticException("Rounding necessary");
        };
    return up ? q + 1 : q;
  }

  /** {@code unscaled} at {@code from} rescaled to {@code to ≥ from}, exactly. */
  static long rescale(long unscaled, int from, int to) {
    return to == from ? unscaled : Math.multiplyExact(unscaled, POW10[to - from]);
  }
}

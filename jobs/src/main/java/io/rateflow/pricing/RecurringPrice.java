package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The price of one period of a recurring item from its count timeline, for a per_unit, graduated or
 * volume model: every segment of constant count {@code c} costs {@code P(c) × its length / the
 * period's length}, where {@code P} is the model's price without flat fees; the flat fees are those
 * the period's maximum count reaches, whole. A period whose count ends below zero costs nothing.
 *
 * <p>{@code P} and the fees come from the model's own lines ({@link CumulativeModel#linesAt}), so
 * the tier arithmetic is the model's, not a copy of it.
 */
record RecurringPrice(CumulativeModel model) {

  /**
   * A period's price in minor units: the prorated units (rounded once, with the rule's rounding)
   * plus the fees of {@code maxCount}.
   */
  record Quote(long proratedMinor, long feesMinor, BigDecimal maxCount) {
    static final Quote ZERO = new Quote(0, 0, BigDecimal.ZERO);

    long minor() {
      return Math.addExact(proratedMinor, feesMinor);
    }
  }

  /** {@code P(count)}: the model's price of {@code count ≥ 0} units, flat fees left out. */
  BigDecimal ofUnits(BigDecimal count) {
    BigDecimal sum = BigDecimal.ZERO;
    for (PriceLine line : model.linesAt(count)) {
      if (!isFee(line)) {
        sum = sum.add(line.amount());
      }
    }
    return sum;
  }

  /** The flat fees of the tiers {@code maxCount ≥ 0} reaches (graduated: every entered tier). */
  BigDecimal fees(BigDecimal maxCount) {
    BigDecimal sum = BigDecimal.ZERO;
    for (PriceLine line : model.linesAt(maxCount)) {
      if (isFee(line)) {
        sum = sum.add(line.amount());
      }
    }
    return sum;
  }

  private static boolean isFee(PriceLine line) {
    return line.kind().equals("flat_fee");
  }

  /** The price of the period [start, end) in {@code zone} held as {@code units} says. */
  Quote quote(
      RecurringUnits units,
      Instant start,
      Instant end,
      ZoneId zone,
      Proration proration,
      Money money) {
    long length = proration.length(start, end, zone);
    BigDecimal count = units.startCount();
    BigDecimal max = count;
    BigDecimal exactTimesLength = BigDecimal.ZERO;
    long from = 0;
    for (UnitChange change : units.changes()) {
      long at = Math.min(Math.max(proration.offset(start, change.at(), zone), from), length);
      exactTimesLength = exactTimesLength.add(segment(count, at - from));
      from = at;
      count = count.add(change.delta());
      max = max.max(count);
    }
    exactTimesLength = exactTimesLength.add(segment(count, length - from));
    if (count.signum() < 0 || length <= 0) {
      return Quote.ZERO;
    }
    // Divided once, at the end, to the minor unit: the exact price is a fraction (21/30 of a
    // month).
    BigDecimal prorated =
        exactTimesLength.divide(BigDecimal.valueOf(length), money.digits(), money.rounding());
    BigDecimal held = max.max(BigDecimal.ZERO);
    return new Quote(
        prorated.movePointRight(money.digits()).longValueExact(), money.toMinor(fees(held)), held);
  }

  private BigDecimal segment(BigDecimal count, long length) {
    return length == 0 || count.signum() <= 0
        ? BigDecimal.ZERO
        : ofUnits(count).multiply(BigDecimal.valueOf(length));
  }
}

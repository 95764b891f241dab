package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * One tier of a tiered model: the aggregate range {@code (from, upTo]} (upper bound inclusive; a
 * null {@code upTo} is unbounded), its rate per unit and an optional flat fee charged once the tier
 * is entered.
 */
record Tier(int number, BigDecimal from, BigDecimal upTo, BigDecimal rate, BigDecimal flatFee) {

  /** How many units of {@code aggregate} fall into this tier. */
  BigDecimal unitsIn(BigDecimal aggregate) {
    if (aggregate.compareTo(from) <= 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal top = upTo == null ? aggregate : aggregate.min(upTo);
    return top.subtract(from);
  }

  /** Whether {@code aggregate} lies in this tier, i.e. from < aggregate ≤ upTo. */
  boolean contains(BigDecimal aggregate) {
    return aggregate.compareTo(from) > 0 && (upTo == null || aggregate.compareTo(upTo) <= 0);
  }

  boolean hasFlatFee() {
    return flatFee.signum() != 0;
  }

  String label() {
    return "tier "
        + number
        + " ("
        + from.toPlainString()
        + ", "
        + (upTo == null ? "unbounded)" : upTo.toPlainString() + "]");
  }
}

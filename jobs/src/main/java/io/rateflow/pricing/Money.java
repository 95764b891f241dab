package io.rateflow.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The currency arithmetic of one rule set: how many minor digits, how to round to them, and at how
 * many digits a charge's unit amount is shown ({@code unit_amount_digits}).
 */
record Money(String currency, int digits, RoundingMode rounding, int unitDigits) {

  /** With unit amounts at the default precision: the currency's digits + 4. */
  Money(String currency, int digits, RoundingMode rounding) {
    this(currency, digits, rounding, digits + 4);
  }

  /** Rounds an exact amount in major units to whole minor units (the only place pricing rounds). */
  long toMinor(BigDecimal major) {
    return major.movePointRight(digits).setScale(0, rounding).longValueExact();
  }

  /** A minor-unit amount as an exact major-unit decimal, e.g. 1234 → 12.34 for USD. */
  BigDecimal toMajor(long minor) {
    return BigDecimal.valueOf(minor, digits);
  }

  /**
   * The effective amount per billed unit of a charge: {@code amountMinor} (as major units) / {@code
   * billedQuantity}, at {@link #unitDigits} decimals with the rule's rounding; null when nothing
   * was billed by the unit (no or zero quantity). The one place every kind of charge gets its unit
   * amount, so that "N units at P" reads the same on all of them.
   */
  BigDecimal unitAmount(long amountMinor, BigDecimal billedQuantity) {
    if (billedQuantity == null || billedQuantity.signum() == 0) {
      return null;
    }
    return toMajor(amountMinor).divide(billedQuantity, unitDigits, rounding);
  }
}

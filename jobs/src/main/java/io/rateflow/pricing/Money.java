package io.rateflow.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The currency arithmetic of one rule set: how many minor digits, and how to round to them. */
record Money(String currency, int digits, RoundingMode rounding) {

  /** Rounds an exact amount in major units to whole minor units (the only place pricing rounds). */
  long toMinor(BigDecimal major) {
    return major.movePointRight(digits).setScale(0, rounding).longValueExact();
  }

  /** A minor-unit amount as an exact major-unit decimal, e.g. 1234 → 12.34 for USD. */
  BigDecimal toMajor(long minor) {
    return BigDecimal.valueOf(minor, digits);
  }
}

package io.rateflow.ledger;

import java.math.BigDecimal;
import java.util.Currency;

/** Formats minor units for people (messages, descriptions); never used for arithmetic. */
public final class MinorUnits {

  private MinorUnits() {}

  /** For example {@code 1234, USD -> "12.34 USD"} and {@code 500, JPY -> "500 JPY"}. */
  public static String format(long minor, Currency currency) {
    // Pseudo-currencies such as XXX report -1 digits: show them as whole units.
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency.getCurrencyCode();
  }
}

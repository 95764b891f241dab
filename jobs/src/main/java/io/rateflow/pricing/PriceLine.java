package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * One exact, unrounded step of a price: {@code quantity × unitPrice}. Becomes a {@link
 * PriceComponent}.
 */
record PriceLine(String kind, String label, BigDecimal quantity, BigDecimal unitPrice) {

  BigDecimal amount() {
    return quantity.multiply(unitPrice);
  }

  PriceLine negate() {
    return new PriceLine(kind, label, quantity.negate(), unitPrice);
  }

  PriceComponent toComponent(String labelPrefix) {
    return new PriceComponent(
        kind,
        labelPrefix + label,
        quantity.toPlainString(),
        unitPrice.toPlainString(),
        amount().toPlainString());
  }
}

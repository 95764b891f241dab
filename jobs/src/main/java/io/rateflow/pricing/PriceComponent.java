package io.rateflow.pricing;

/**
 * One explainable step of a price (a tier, a fee, a minimum, a discount, the rounding). Decimal fields
 * are {@link java.math.BigDecimal#toPlainString()} strings and never null: {@code amount} is always
 * exactly {@code quantity × unitPrice}, unrounded, and the amounts of a breakdown add up exactly to the
 * charged amount (a {@code rounding} component carries the difference to the rounded minor units).
 */
public record PriceComponent(String kind, String label, String quantity, String unitPrice, String amount) {}

package io.rateflow.pricing;

import java.util.Objects;

/**
 * One explainable step of a price (a tier, a fee, a minimum, a discount, the rounding). Decimal
 * fields are {@link java.math.BigDecimal#toPlainString()} strings and never null: {@code amount} is
 * always exactly {@code quantity × unitPrice}, unrounded, and the amounts of a breakdown add up
 * exactly to the charged amount (a {@code rounding} component carries the difference to the rounded
 * minor units).
 *
 * <p>Immutable, and a value: equal when its five strings are equal, whichever way it was made. The
 * pricing fast paths make {@link FixedPointComponent}s, which format their strings only when first
 * read (formatting was most of the cost of pricing a tiered event; see docs/performance.md).
 */
public sealed class PriceComponent permits FixedPointComponent {
  private final String kind;
  private final String label;
  private final String quantity;
  private final String unitPrice;
  private final String amount;

  /** A component of already formatted decimal strings. */
  public PriceComponent(
      String kind, String label, String quantity, String unitPrice, String amount) {
    this.kind = kind;
    this.label = label;
    this.quantity = quantity;
    this.unitPrice = unitPrice;
    this.amount = amount;
  }

  public String kind() {
    return kind;
  }

  public String label() {
    return label;
  }

  public String quantity() {
    return quantity;
  }

  public String unitPrice() {
    return unitPrice;
  }

  public String amount() {
    return amount;
  }

  @Override
  public final boolean equals(Object o) {
    return this == o
        || o instanceof PriceComponent c
            && Objects.equals(kind(), c.kind())
            && Objects.equals(label(), c.label())
            && Objects.equals(quantity(), c.quantity())
            && Objects.equals(unitPrice(), c.unitPrice())
            && Objects.equals(amount(), c.amount());
  }

  @Override
  public final int hashCode() {
    return Objects.hash(kind(), label(), quantity(), unitPrice(), amount());
  }

  /** As the record it used to be prints itself. */
  @Override
  public final String toString() {
    return "PriceComponent[kind="
        + kind()
        + ", label="
        + label()
        + ", quantity="
        + quantity()
        + ", unitPrice="
        + unitPrice()
        + ", amount="
        + amount()
        + "]";
  }
}

package io.rateflow.pricing;

/**
 * A {@link PriceComponent} of the pricing fast paths: quantity and amount as unscaled {@code long}s
 * with their scales, and the label as prefix and text, turned into strings when first read. The
 * strings are exactly those {@link Decimals#plain} gives, which are those of the reference
 * algorithm.
 *
 * <p>The caches are written without synchronisation: a {@code String} is immutable and safe to
 * publish through a race, and what it is made from is final, so a thread sees either null (and
 * formats the same string again) or a complete string.
 */
final class FixedPointComponent extends PriceComponent {
  private final String labelPrefix; // null when none
  private final long quantityUnscaled;
  private final long amountUnscaled;
  private final int quantityScale;
  private final int amountScale;
  private String prefixedLabel;
  private String quantityText;
  private String amountText;

  private FixedPointComponent(
      String kind,
      String labelPrefix,
      String label,
      String quantity,
      long quantityUnscaled,
      int quantityScale,
      String unitPrice,
      long amountUnscaled,
      int amountScale) {
    super(kind, label, quantity, unitPrice, null);
    this.labelPrefix = labelPrefix.isEmpty() ? null : labelPrefix;
    this.quantityUnscaled = quantityUnscaled;
    this.quantityScale = quantityScale;
    this.amountUnscaled = amountUnscaled;
    this.amountScale = amountScale;
  }

  /**
   * A line labelled {@code labelPrefix + label} of {@code quantity} (at {@code quantityScale ≥ 0})
   * at {@code unitPrice} for {@code amount} (at {@code amountScale ≥ 0}).
   */
  static FixedPointComponent line(
      String kind,
      String labelPrefix,
      String label,
      long quantity,
      int quantityScale,
      String unitPrice,
      long amount,
      int amountScale) {
    return new FixedPointComponent(
        kind, labelPrefix, label, null, quantity, quantityScale, unitPrice, amount, amountScale);
  }

  /**
   * One unit at {@code amount} (at {@code scale ≥ 0}), e.g. the rounding: quantity "1", unit price
   * = amount.
   */
  static FixedPointComponent single(String kind, String label, long amount, int scale) {
    return new FixedPointComponent(kind, "", label, "1", 0, 0, null, amount, scale);
  }

  @Override
  public String label() {
    if (labelPrefix == null) {
      return super.label();
    }
    String s = prefixedLabel;
    if (s == null) {
      s = labelPrefix + super.label();
      prefixedLabel = s;
    }
    return s;
  }

  @Override
  public String quantity() {
    String s = super.quantity();
    if (s == null) {
      s = quantityText;
      if (s == null) {
        s = Decimals.plain(quantityUnscaled, quantityScale);
        quantityText = s;
      }
    }
    return s;
  }

  @Override
  public String unitPrice() {
    String s = super.unitPrice();
    return s != null ? s : amount();
  }

  @Override
  public String amount() {
    String s = amountText;
    if (s == null) {
      s = Decimals.plain(amountUnscaled, amountScale);
      amountText = s;
    }
    return s;
  }
}

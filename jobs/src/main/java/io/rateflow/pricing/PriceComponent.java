package io.rateflow.pricing;

import java.util.Objects;

/**
 * One explainable step of a price (a tier, a fee, a minimum, a discount, the rounding). Decimal fields
 * are {@link java.math.BigDecimal#toPlainString()} strings and never null: {@code amount} is always
 * exactly {@code quantity × unitPrice}, unrounded, and the amounts of a breakdown add up exactly to the
 * charged amount (a {@code rounding} component carries the difference to the rounded minor units).
 *
 * <p>Immutable, and a value: equal when its five strings are equal. The pricing fast paths create it
 * from fixed-point numbers and format each string only when it is first read: formatting was most of
 * the cost of pricing a tiered event (see docs/performance.md), and this way a caller that never reads
 * the text (a simulation comparing revenue) never pays for it, and the job pays once, when it encodes
 * the charge. The strings are exactly those of the reference algorithm either way.
 */
public final class PriceComponent {
    private static final int AS_GIVEN = -1; // the scale of a decimal given as a string

    private final String kind;
    // Formatted on first use when null, from the prefix and the unscaled values and scales below. A racy
    // single check is safe: String is immutable, so another thread sees either null (and formats again)
    // or a complete string.
    private String label;
    private String quantity;
    private String unitPrice;
    private String amount;
    private final String labelPrefix;
    private final String labelSuffix;
    private final long quantityUnscaled;
    private final long amountUnscaled;
    private final int quantityScale;
    private final int amountScale;

    /** A component of already formatted decimal strings. */
    public PriceComponent(String kind, String label, String quantity, String unitPrice, String amount) {
        this.kind = kind;
        this.label = label;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.amount = amount;
        this.labelPrefix = null;
        this.labelSuffix = null;
        this.quantityUnscaled = 0;
        this.amountUnscaled = 0;
        this.quantityScale = AS_GIVEN;
        this.amountScale = AS_GIVEN;
    }

    private PriceComponent(String kind, String labelPrefix, String label, String quantity, long quantityUnscaled,
            int quantityScale, String unitPrice, String amount, long amountUnscaled, int amountScale) {
        this.kind = kind;
        if (labelPrefix.isEmpty()) {
            this.label = label;
            this.labelPrefix = null;
            this.labelSuffix = null;
        } else {
            this.labelPrefix = labelPrefix;
            this.labelSuffix = label;
        }
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.amount = amount;
        this.quantityUnscaled = quantityUnscaled;
        this.quantityScale = quantityScale;
        this.amountUnscaled = amountUnscaled;
        this.amountScale = amountScale;
    }

    /**
     * A component whose label is {@code labelPrefix + label} and whose {@code quantity} and {@code amount}
     * are unscaled values at scales {@code ≥ 0}, all three built when first read; {@code unitPrice} as given.
     */
    static PriceComponent ofNumbers(String kind, String labelPrefix, String label, long quantityUnscaled,
            int quantityScale, String unitPrice, long amountUnscaled, int amountScale) {
        return new PriceComponent(kind, labelPrefix, label, null, quantityUnscaled, quantityScale, unitPrice, null,
                amountUnscaled, amountScale);
    }

    /** A component of preformatted strings whose label is {@code labelPrefix + label}, built when first read. */
    static PriceComponent prefixed(String kind, String labelPrefix, String label, String quantity, String unitPrice,
            String amount) {
        return new PriceComponent(kind, labelPrefix, label, quantity, 0, AS_GIVEN, unitPrice, amount, 0, AS_GIVEN);
    }

    /** One unit at {@code amount} (a rounding line): quantity "1", unit price and amount the same string. */
    static PriceComponent single(String kind, String label, long amountUnscaled, int amountScale) {
        return new PriceComponent(kind, "", label, "1", 0, 0, null, null, amountUnscaled, amountScale);
    }

    public String kind() {
        return kind;
    }

    public String label() {
        String s = label;
        if (s == null && labelPrefix != null) {
            s = labelPrefix + labelSuffix;
            label = s;
        }
        return s;
    }

    public String quantity() {
        String s = quantity;
        if (s == null && quantityScale != AS_GIVEN) {
            s = Decimals.plain(quantityUnscaled, quantityScale);
            quantity = s;
        }
        return s;
    }

    public String unitPrice() {
        String s = unitPrice;
        if (s == null && amountScale != AS_GIVEN) {
            // Only single() leaves it unset: a unit price equal to the amount.
            s = amount();
            unitPrice = s;
        }
        return s;
    }

    public String amount() {
        String s = amount;
        if (s == null && amountScale != AS_GIVEN) {
            s = Decimals.plain(amountUnscaled, amountScale);
            amount = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof PriceComponent c
                && Objects.equals(kind, c.kind)
                && Objects.equals(label(), c.label())
                && Objects.equals(quantity(), c.quantity())
                && Objects.equals(unitPrice(), c.unitPrice())
                && Objects.equals(amount(), c.amount());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, label(), quantity(), unitPrice(), amount());
    }

    /** As the record it used to be prints itself. */
    @Override
    public String toString() {
        return "PriceComponent[kind=" + kind + ", label=" + label + ", quantity=" + quantity() + ", unitPrice="
                + unitPrice() + ", amount=" + amount() + "]";
    }
}

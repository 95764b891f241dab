package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The breakdown of one event being priced, and its charge: filled by a model's fast path or from
 * {@link PriceLine}s, then handed to {@link RatingResult.Priced} as an immutable list without a copy.
 * Not shared: one per call of {@link RuleSet#rate}.
 */
final class Breakdown {
    private final String labelPrefix;
    private final String roundingLabel;
    private PriceComponent[] items = new PriceComponent[4];
    private int size;
    long chargeMinor;

    Breakdown(String labelPrefix, String roundingLabel) {
        this.labelPrefix = labelPrefix;
        this.roundingLabel = roundingLabel;
    }

    /** A line of the model (its label gets the dimension / window prefix). */
    void line(String kind, String label, String quantity, String unitPrice, String amount) {
        add(new PriceComponent(kind, labelPrefix.isEmpty() ? label : labelPrefix + label, quantity, unitPrice, amount));
    }

    /** Lines as the reference algorithm builds them. */
    void lines(List<PriceLine> lines) {
        for (PriceLine line : lines) {
            add(line.toComponent(labelPrefix));
        }
    }

    /** A line without the prefix: rounding, discounts. */
    void unprefixed(String kind, String label, BigDecimal amount) {
        add(new PriceLine(kind, label, BigDecimal.ONE, amount).toComponent(""));
    }

    /** The rounding line (none when zero): what the rounded charge differs from the lines' exact sum. */
    void rounding(BigDecimal difference) {
        if (difference.signum() != 0) {
            unprefixed("rounding", roundingLabel, difference);
        }
    }

    /** {@link #rounding(BigDecimal)} of {@code unscaled} at {@code scale ≥ 0}. */
    void rounding(long unscaled, int scale) {
        if (unscaled != 0) {
            String amount = Decimals.plain(unscaled, scale);
            add(new PriceComponent("rounding", roundingLabel, "1", amount, amount));
        }
    }

    void add(PriceComponent component) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = component;
    }

    int size() {
        return size;
    }

    /** Drops the lines added after {@code mark}: a fast path that gives up leaves nothing behind. */
    void truncate(int mark) {
        Arrays.fill(items, mark, size, null);
        size = mark;
    }

    List<PriceComponent> toList() {
        return switch (size) {
            case 0 -> List.of();
            case 1 -> List.of(items[0]);
            case 2 -> List.of(items[0], items[1]);
            default -> List.of(Arrays.copyOf(items, size));
        };
    }
}

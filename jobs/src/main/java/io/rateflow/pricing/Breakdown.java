package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The breakdown of one event being priced, and its charge: filled by a model's fast path or from
 * {@link PriceLine}s, then handed to {@link RatingResult.Priced} as an immutable list without a
 * copy. Not shared: one per call of {@link RuleSet#rate}.
 */
final class Breakdown {
  private final String labelPrefix;
  private final String roundingLabel;
  // Most events have one or two components (a tier, the rounding): those need no array.
  private PriceComponent first;
  private PriceComponent second;
  private PriceComponent[] more;
  private int size;
  long chargeMinor;

  Breakdown(String labelPrefix, String roundingLabel) {
    this.labelPrefix = labelPrefix;
    this.roundingLabel = roundingLabel;
  }

  /**
   * A line of the model (its label gets the dimension / window prefix) whose quantity and amount
   * are unscaled values at scales {@code ≥ 0}: formatted only when the breakdown is read.
   */
  void line(
      String kind,
      String label,
      long quantity,
      int quantityScale,
      String unitPrice,
      long amount,
      int amountScale) {
    add(
        FixedPointComponent.line(
            kind, labelPrefix, label, quantity, quantityScale, unitPrice, amount, amountScale));
  }

  /**
   * A line of the model of preformatted decimals (its label gets the dimension / window prefix).
   */
  void line(String kind, String label, String quantity, String unitPrice, String amount) {
    add(
        new PriceComponent(
            kind,
            labelPrefix.isEmpty() ? label : labelPrefix + label,
            quantity,
            unitPrice,
            amount));
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

  /**
   * The rounding line (none when zero): what the rounded charge differs from the lines' exact sum.
   */
  void rounding(BigDecimal difference) {
    if (difference.signum() != 0) {
      unprefixed("rounding", roundingLabel, difference);
    }
  }

  /** {@link #rounding(BigDecimal)} of {@code unscaled} at {@code scale ≥ 0}. */
  void rounding(long unscaled, int scale) {
    if (unscaled != 0) {
      add(FixedPointComponent.single("rounding", roundingLabel, unscaled, scale));
    }
  }

  void add(PriceComponent component) {
    switch (size) {
      case 0 -> first = component;
      case 1 -> second = component;
      default -> {
        if (more == null) {
          more = new PriceComponent[4];
        } else if (size - 2 == more.length) {
          more = Arrays.copyOf(more, more.length * 2);
        }
        more[size - 2] = component;
      }
    }
    size++;
  }

  int size() {
    return size;
  }

  /** Drops the lines added after {@code mark}: a fast path that gives up leaves nothing behind. */
  void truncate(int mark) {
    if (mark < 1) {
      first = null;
    }
    if (mark < 2) {
      second = null;
    }
    if (more != null && size > 2) {
      Arrays.fill(more, Math.max(mark - 2, 0), size - 2, null);
    }
    size = mark;
  }

  List<PriceComponent> toList() {
    return switch (size) {
      case 0 -> List.of();
      case 1 -> List.of(first);
      case 2 -> List.of(first, second);
      default -> {
        PriceComponent[] all = new PriceComponent[size];
        all[0] = first;
        all[1] = second;
        System.arraycopy(more, 0, all, 2, size - 2);
        yield List.of(all);
      }
    };
  }
}

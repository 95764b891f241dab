package io.rateflow.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A percentage of each event's monetary value plus a fixed fee per event, bounded by a per-event
 * minimum and maximum. The first {@code allowance} units of the period's aggregate (free units, or
 * free events alone on a count meter) are free; an event straddling the allowance pays for the part
 * of it beyond. With both allowances, {@code freeEvents} limits the allowance to the period's first
 * events too (counted by {@link MeterAggregate#events}): the free period ends at whichever runs out
 * first.
 *
 * @param freeEvents with free units, how many of the period's first events may be free; else null
 */
record PercentageModel(
    BigDecimal ratePercent,
    BigDecimal fixedFee,
    BigDecimal allowance,
    Long freeEvents,
    BigDecimal minimum,
    BigDecimal maximum)
    implements PerEventModel {

  /**
   * The largest monetary value one event may carry, like {@code max.quantity} for quantities: a
   * value beyond it is a producer's error (a unit mix-up, minor units sent as major), and charging
   * a percentage of it would bill a fortune without a question.
   */
  static final BigDecimal MAX_VALUE = new BigDecimal("1000000000");

  @Override
  public String name() {
    return "percentage";
  }

  @Override
  public List<PriceLine> linesFor(
      Usage usage, BigDecimal before, BigDecimal after, long eventsBefore) {
    BigDecimal value = Measure.VALUE.of(usage);
    if (value.compareTo(MAX_VALUE) > 0) {
      throw new InvalidUsage(
          "event "
              + usage.eventId()
              + " on meter "
              + usage.meter()
              + " has the value "
              + value.toPlainString()
              + ", above the maximum "
              + MAX_VALUE.toPlainString()
              + " a percentage price accepts for one event; check the producer's units");
    }
    BigDecimal chargeable = chargeableValue(value, before, after, eventsBefore);
    List<PriceLine> lines = new ArrayList<>();
    if (chargeable == null) {
      lines.add(new PriceLine("free", freeLabel(), value, BigDecimal.ZERO));
      return lines;
    }
    lines.add(
        new PriceLine(
            "percentage",
            ratePercent.toPlainString() + "% of value",
            chargeable,
            ratePercent.movePointLeft(2)));
    if (fixedFee.signum() != 0) {
      lines.add(new PriceLine("fixed_fee", "fee per event", BigDecimal.ONE, fixedFee));
    }
    BigDecimal subtotal =
        lines.stream().map(PriceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (minimum != null && subtotal.compareTo(minimum) < 0) {
      lines.add(
          new PriceLine(
              "minimum",
              "minimum " + minimum.toPlainString() + " per event",
              BigDecimal.ONE,
              minimum.subtract(subtotal)));
    } else if (maximum != null && subtotal.compareTo(maximum) > 0) {
      lines.add(
          new PriceLine(
              "maximum",
              "maximum " + maximum.toPlainString() + " per event",
              BigDecimal.ONE,
              maximum.subtract(subtotal)));
    }
    return lines;
  }

  private String freeLabel() {
    return freeEvents == null
        ? "free allowance of " + allowance.toPlainString()
        : "free allowance of " + freeEvents + " events and " + allowance.toPlainString() + " units";
  }

  /**
   * The part of the event's value beyond the free allowance, or null when the event is wholly free.
   */
  private BigDecimal chargeableValue(
      BigDecimal value, BigDecimal before, BigDecimal after, long eventsBefore) {
    if (allowance == null
        || before.compareTo(allowance) >= 0
        || freeEvents != null && eventsBefore >= freeEvents) {
      return value;
    }
    BigDecimal increase = after.subtract(before);
    BigDecimal beyond = after.subtract(allowance);
    if (beyond.signum() <= 0 || increase.signum() <= 0) {
      return null;
    }
    // Straddling the allowance: pay for the fraction of the event beyond it. Exact except in this
    // rare case, where 34 significant digits are far below any currency's minor unit.
    return value.multiply(beyond).divide(increase, MathContext.DECIMAL128);
  }
}

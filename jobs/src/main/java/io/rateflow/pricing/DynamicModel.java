package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Pass-through resale: the unit price travels on the event, optionally marked up by a percentage.
 */
record DynamicModel(BigDecimal markupPercent) implements PerEventModel {

  @Override
  public String name() {
    return "dynamic";
  }

  @Override
  public List<PriceLine> linesFor(
      Usage usage, BigDecimal before, BigDecimal after, long eventsBefore) {
    BigDecimal unitPrice = usage.unitPrice();
    if (unitPrice == null) {
      throw new InvalidUsage(
          "event "
              + usage.eventId()
              + " on meter "
              + usage.meter()
              + " has no unit_price, which its dynamic price needs");
    }
    if (unitPrice.signum() < 0) {
      throw new InvalidUsage(
          "event " + usage.eventId() + " has a negative unit_price " + unitPrice.toPlainString());
    }
    List<PriceLine> lines = new ArrayList<>();
    PriceLine base =
        new PriceLine("pass_through", "unit price on event", usage.quantity(), unitPrice);
    lines.add(base);
    if (markupPercent.signum() != 0) {
      lines.add(
          new PriceLine(
              "markup",
              "markup " + markupPercent.toPlainString() + "%",
              base.amount(),
              markupPercent.movePointLeft(2)));
    }
    return lines;
  }
}

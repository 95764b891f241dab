package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/** A model that prices each event on its own; the event's amount is rounded by itself. */
non-sealed interface PerEventModel extends PriceModel {

  /**
   * The exact, unrounded price of one event, as explainable lines. {@code before} and {@code after}
   * are the meter's aggregates around it, and {@code eventsBefore} the number of the meter's events
   * the period rated before it, for allowances such as free events.
   *
   * @throws InvalidUsage when the event lacks what the model needs
   */
  List<PriceLine> linesFor(Usage usage, BigDecimal before, BigDecimal after, long eventsBefore);
}

package io.rateflow.pricing;

/**
 * A way of turning usage into money. Cumulative models price a period's aggregate (an event is
 * charged the difference it makes); per-event models price each event on its own.
 */
sealed interface PriceModel permits CumulativeModel, PerEventModel {

  /** The model's name as written in rule documents, e.g. "graduated". */
  String name();

  /** What the meter must aggregate for this model. */
  default Measure measure() {
    return Measure.QUANTITY;
  }
}

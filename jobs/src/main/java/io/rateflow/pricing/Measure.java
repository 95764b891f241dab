package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * Which number of a usage a meter aggregates: its quantity, or (graduated percentage) its monetary
 * value.
 */
enum Measure {
  QUANTITY,
  VALUE;

  BigDecimal of(Usage usage) {
    if (this == QUANTITY) {
      return usage.quantity();
    }
    if (usage.value() == null) {
      throw new InvalidUsage(
          "event "
              + usage.eventId()
              + " on meter "
              + usage.meter()
              + " has no value, which its percentage price needs");
    }
    if (usage.value().signum() < 0) {
      throw new InvalidUsage(
          "event "
              + usage.eventId()
              + " has a negative value "
              + usage.value().toPlainString()
              + "; send refunds as their own adjustment, not as usage");
    }
    return usage.value();
  }
}

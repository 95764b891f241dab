package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one meter is priced: what it aggregates over which period, and its price, possibly by
 * dimension. {@code defaultTariff} (may be null) applies when no dimension matches. {@code cap}
 * (may be null) bounds the meter's charges in a period, whatever the dimension or window.
 */
record MeterRule(
    String meter,
    String unit,
    Aggregation aggregation,
    String uniqueAttribute,
    BillingPeriod period,
    List<Dimension> dimensions,
    Tariff defaultTariff,
    BigDecimal cap) {

  /**
   * A tariff chosen for an event, with the dimension that chose it (empty label for the default).
   */
  record Resolved(String dimension, Tariff tariff) {}

  /**
   * The tariff for an event's attributes: the matching dimension with the most keys; among equally
   * specific matches the first in the document; else the default.
   */
  Optional<Resolved> resolve(Map<String, String> attributes) {
    Dimension best = null;
    for (Dimension d : dimensions) {
      if (d.matches(attributes) && (best == null || d.match().size() > best.match().size())) {
        best = d;
      }
    }
    if (best != null) {
      return Optional.of(new Resolved(best.label(), best.tariff()));
    }
    return Optional.ofNullable(defaultTariff).map(t -> new Resolved("", t));
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** How a meter's usages in a period combine into the one number that cumulative models price. */
enum Aggregation {
  /** Total of the measured amounts. */
  SUM,
  /** Number of events, whatever their quantity. */
  COUNT,
  /** Highest amount seen: a charge arises only when the maximum grows. */
  MAX,
  /** Number of distinct values of one attribute (e.g. user_id), counted exactly. */
  UNIQUE_COUNT,
  /** The last amount reported: the aggregate may go down, and then the charge is a credit. */
  LATEST;

  String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The aggregate after {@code usage}, given the one before it (of the same period). */
  MeterAggregate next(MeterAggregate before, Usage usage, Measure measure, String uniqueAttribute) {
    BigDecimal agg = before.aggregate();
    return switch (this) {
      case SUM -> new MeterAggregate(before.period(), agg.add(measure.of(usage)), Set.of());
      case COUNT -> new MeterAggregate(before.period(), agg.add(BigDecimal.ONE), Set.of());
      case MAX -> new MeterAggregate(before.period(), agg.max(measure.of(usage)), Set.of());
      case LATEST -> new MeterAggregate(before.period(), measure.of(usage), Set.of());
      case UNIQUE_COUNT -> {
        String key = usage.attributesOrEmpty().get(uniqueAttribute);
        if (key == null || key.isEmpty()) {
          throw new InvalidUsage(
              "event "
                  + usage.eventId()
                  + " on meter "
                  + usage.meter()
                  + " has no attribute '"
                  + uniqueAttribute
                  + "', which its unique_count needs");
        }
        if (before.uniques().contains(key)) {
          yield before;
        }
        Set<String> uniques = new HashSet<>(before.uniques());
        uniques.add(key);
        yield new MeterAggregate(before.period(), BigDecimal.valueOf(uniques.size()), uniques);
      }
    };
  }
}

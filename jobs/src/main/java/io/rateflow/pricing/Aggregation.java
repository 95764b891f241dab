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

  /**
   * The aggregate after {@code usage}, given the aggregate before it (of the same period); for
   * unique_count, {@code uniquesAfter} is what {@link #uniquesAfter} returned.
   */
  BigDecimal next(MeterAggregate before, Usage usage, Measure measure, Set<String> uniquesAfter) {
    BigDecimal agg = before.aggregate();
    return switch (this) {
      case SUM -> agg.add(measure.of(usage));
      case COUNT -> agg.add(BigDecimal.ONE);
      case MAX -> agg.max(measure.of(usage));
      case LATEST -> measure.of(usage);
      // A key seen before (the same set back) changes nothing.
      case UNIQUE_COUNT ->
          uniquesAfter == before.uniques() ? agg : BigDecimal.valueOf(uniquesAfter.size());
    };
  }

  /**
   * The distinct keys of a unique_count meter after {@code usage}: {@code before}'s own set when
   * the key was seen already, else a new set with it.
   */
  static Set<String> uniquesAfter(MeterAggregate before, Usage usage, String uniqueAttribute) {
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
      return before.uniques();
    }
    Set<String> uniques = new HashSet<>(before.uniques());
    uniques.add(key);
    return uniques;
  }
}

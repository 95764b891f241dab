package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.Set;

/**
 * An account's aggregate of one meter in one billing period, before or after an event. Immutable.
 *
 * @param uniques the distinct keys seen so far, only for unique_count meters (empty otherwise)
 * @param events how many events of the meter the period has rated (for free events)
 * @param chargedMinor the period's charges of the meter before any cap, in minor units (for caps)
 * @param recurring the count timeline of a recurring meter or fee; null for other meters
 */
public record MeterAggregate(
    String period,
    BigDecimal aggregate,
    Set<String> uniques,
    long events,
    long chargedMinor,
    RecurringUnits recurring) {

  public MeterAggregate {
    uniques = uniques == null ? Set.of() : Set.copyOf(uniques);
  }

  public MeterAggregate(String period, BigDecimal aggregate, Set<String> uniques) {
    this(period, aggregate, uniques, 0, 0, null);
  }

  /** The aggregate of a period in which nothing has been used yet. */
  public static MeterAggregate empty(String period) {
    return new MeterAggregate(period, BigDecimal.ZERO, Set.of());
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.Set;

/**
 * An account's aggregate of one meter in one billing period, before or after an event. Immutable.
 * {@code uniques} holds the distinct keys seen so far, only for unique_count meters (empty
 * otherwise).
 */
public record MeterAggregate(String period, BigDecimal aggregate, Set<String> uniques) {

  public MeterAggregate {
    uniques = uniques == null ? Set.of() : Set.copyOf(uniques);
  }

  /** The aggregate of a period in which nothing has been used yet. */
  public static MeterAggregate empty(String period) {
    return new MeterAggregate(period, BigDecimal.ZERO, Set.of());
  }
}

package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/**
 * One period of a {@link BillingCycle}, {@code [start, end)} (the rules' own periods are {@code
 * pricing.BillingPeriod}).
 */
public record CyclePeriod(Instant start, Instant end) {
  public CyclePeriod {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "billing period end " + end + " must be after start " + start);
    }
  }

  /** Whether {@code t} falls in this period (start inclusive, end exclusive). */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}

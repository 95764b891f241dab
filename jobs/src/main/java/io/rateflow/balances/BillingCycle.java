package io.rateflow.balances;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When an allowance resets: periods of a fixed calendar length ({@code P1M}, {@code P1Y}, {@code
 * P7D}...) counted from an anchor in a time zone. Each period start is computed from the anchor,
 * never from the previous period, so an anchor on the 31st gives the 30th/28th in short months
 * without drifting.
 */
public record BillingCycle(Instant anchor, Period every, ZoneId zone) {
  public BillingCycle {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(zone, "zone");
    boolean months = every.toTotalMonths() > 0 && every.getDays() == 0;
    boolean days = every.toTotalMonths() == 0 && every.getDays() > 0;
    if (!months && !days) {
      throw new IllegalArgumentException(
          "billing cycle must be a positive number of months/years or of days, not both: " + every);
    }
  }

  /** Calendar months from {@code anchor}, in UTC. */
  public static BillingCycle monthly(Instant anchor) {
    return new BillingCycle(anchor, Period.ofMonths(1), ZoneOffset.UTC);
  }

  /** The period that contains {@code t} (periods before the anchor are counted backwards). */
  public CyclePeriod periodContaining(Instant t) {
    ZonedDateTime a = anchor.atZone(zone);
    ZonedDateTime z = t.atZone(zone);
    long step = every.toTotalMonths() > 0 ? every.toTotalMonths() : every.getDays();
    ChronoUnit unit = every.toTotalMonths() > 0 ? ChronoUnit.MONTHS : ChronoUnit.DAYS;
    long n = Math.floorDiv(unit.between(a, z), step);
    // the estimate is off by at most one either way (month lengths, DST): correct it exactly
    while (start(a, n, unit, step).isAfter(t)) {
      n--;
    }
    while (!start(a, n + 1, unit, step).isAfter(t)) {
      n++;
    }
    return new CyclePeriod(start(a, n, unit, step), start(a, n + 1, unit, step));
  }

  private static Instant start(ZonedDateTime anchor, long n, ChronoUnit unit, long step) {
    return anchor.plus(n * step, unit).toInstant();
  }
}

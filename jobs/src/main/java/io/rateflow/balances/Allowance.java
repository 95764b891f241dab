package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Units of one meter included per billing period (e.g. 10,000 {@code api_calls} a month).
 *
 * <p>Usage is counted for the current period ({@code periodStart}, {@code used}) and, so that late
 * events of the period that just closed are still covered by that period's allowance, for the
 * period before it ({@code previousUsed}). Usage older than that is not covered (the operator's
 * allowed lateness is far shorter than a billing period). Counters roll lazily: nothing has to run
 * at the period boundary.
 */
public record Allowance(
    String id,
    String meter,
    BigDecimal units,
    int priority,
    Instant effectiveFrom,
    Instant expiry,
    Instant created,
    String source,
    BillingCycle cycle,
    Instant periodStart,
    BigDecimal used,
    BigDecimal previousUsed)
    implements BalanceGrant {

  public Allowance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(meter, "meter");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cycle, "cycle");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(previousUsed, "previousUsed");
    if (units.signum() <= 0) {
      throw new IllegalArgumentException("allowance " + id + ": units must be positive: " + units);
    }
  }

  /**
   * A fresh allowance with nothing used, counting from the period that contains {@code
   * effectiveFrom}.
   */
  public static Allowance of(
      String id,
      String meter,
      BigDecimal units,
      int priority,
      Instant effectiveFrom,
      Instant expiry,
      Instant created,
      String source,
      BillingCycle cycle) {
    Instant start = cycle.periodContaining(effectiveFrom).start();
    return new Allowance(
        id,
        meter,
        units,
        priority,
        effectiveFrom,
        expiry,
        created,
        source,
        cycle,
        start,
        BigDecimal.ZERO,
        BigDecimal.ZERO);
  }

  @Override
  public GrantKind kind() {
    return GrantKind.ALLOWANCE;
  }

  /**
   * Units used in the billing period that contains {@code t}; a period we no longer track counts as
   * used up.
   */
  public BigDecimal usedAt(Instant t) {
    CyclePeriod p = cycle.periodContaining(t);
    if (p.start().equals(periodStart)) {
      return used;
    }
    if (p.start().isAfter(periodStart)) {
      return BigDecimal.ZERO;
    }
    if (p.end().equals(periodStart)) {
      return previousUsed;
    }
    return units;
  }

  /** Units still available for usage at {@code t} (zero when not usable at {@code t}). */
  public BigDecimal remainingAt(Instant t) {
    if (!usableAt(t)) {
      return BigDecimal.ZERO;
    }
    return units.subtract(usedAt(t)).max(BigDecimal.ZERO);
  }

  /**
   * This allowance after {@code quantity} units were used at {@code t}; rolls the period counters
   * forward.
   */
  Allowance consume(Instant t, BigDecimal quantity) {
    Allowance rolled = rolledTo(t);
    CyclePeriod p = cycle.periodContaining(t);
    if (p.start().equals(rolled.periodStart)) {
      return rolled.with(rolled.periodStart, rolled.used.add(quantity), rolled.previousUsed);
    }
    // the period just before the current one (a late event): usedAt() has already refused older
    // ones
    return rolled.with(rolled.periodStart, rolled.used, rolled.previousUsed.add(quantity));
  }

  /**
   * Counters moved forward so that the current period is the one containing {@code t}, if that is
   * later.
   */
  Allowance rolledTo(Instant t) {
    CyclePeriod p = cycle.periodContaining(t);
    if (!p.start().isAfter(periodStart)) {
      return this;
    }
    CyclePeriod current = cycle.periodContaining(periodStart);
    BigDecimal carried = current.end().equals(p.start()) ? used : BigDecimal.ZERO;
    return with(p.start(), BigDecimal.ZERO, carried);
  }

  private Allowance with(Instant start, BigDecimal nowUsed, BigDecimal before) {
    return new Allowance(
        id,
        meter,
        units,
        priority,
        effectiveFrom,
        expiry,
        created,
        source,
        cycle,
        start,
        nowUsed,
        before);
  }
}

package io.rateflow.ledger;

import java.time.YearMonth;
import java.util.HashSet;
import java.util.Set;

/**
 * The accounting periods each legal entity has closed: nothing may be posted into them any more.
 * Immutable; {@link #close(String, YearMonth)} returns a new value.
 */
public final class ClosedPeriods {

  private record Period(String legalEntity, YearMonth month) {}

  private static final ClosedPeriods NONE = new ClosedPeriods(Set.of());

  private final Set<Period> closed;

  private ClosedPeriods(Set<Period> closed) {
    this.closed = Set.copyOf(closed);
  }

  /** No period is closed. */
  public static ClosedPeriods none() {
    return NONE;
  }

  /** These periods plus {@code period} of {@code legalEntity}. */
  public ClosedPeriods close(String legalEntity, YearMonth period) {
    Set<Period> next = new HashSet<>(closed);
    next.add(
        new Period(Require.text(legalEntity, "legalEntity"), Require.present(period, "period")));
    return new ClosedPeriods(next);
  }

  /** True when {@code legalEntity} has closed {@code period}. */
  public boolean isClosed(String legalEntity, YearMonth period) {
    return closed.contains(new Period(legalEntity, period));
  }
}

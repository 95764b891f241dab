package io.rateflow.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The known versions of the chart of accounts, answering "which one was in force at this time". A
 * fact is posted with the version in force at its own time (not at processing time), so a replay
 * posts it to the same accounts.
 *
 * <p>Immutable: {@link #with(ChartOfAccounts)} returns a new book.
 */
public final class ChartBook {

  private static final Comparator<ChartOfAccounts> NEWEST_FIRST =
      Comparator.comparing(ChartOfAccounts::effectiveFrom)
          .thenComparingLong(ChartOfAccounts::version)
          .reversed();

  private final List<ChartOfAccounts> charts;

  private ChartBook(List<ChartOfAccounts> charts) {
    List<ChartOfAccounts> sorted = new ArrayList<>(charts);
    sorted.sort(NEWEST_FIRST);
    this.charts = List.copyOf(sorted);
  }

  /** A book holding these versions. */
  public static ChartBook of(ChartOfAccounts... charts) {
    return new ChartBook(List.of(charts));
  }

  /** This book plus {@code chart}; a chart with the same id and version is replaced. */
  public ChartBook with(ChartOfAccounts chart) {
    List<ChartOfAccounts> next = new ArrayList<>();
    for (ChartOfAccounts c : charts) {
      if (!(c.id().equals(chart.id()) && c.version() == chart.version())) {
        next.add(c);
      }
    }
    next.add(chart);
    return new ChartBook(next);
  }

  /**
   * The version in force at {@code time}: the latest {@code effectiveFrom} not after it, the higher
   * version winning a tie. Empty before the first version takes effect.
   */
  public Optional<ChartOfAccounts> inForceAt(Instant time) {
    for (ChartOfAccounts c : charts) {
      if (!c.effectiveFrom().isAfter(time)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** All versions, newest first. */
  public List<ChartOfAccounts> versions() {
    return charts;
  }
}

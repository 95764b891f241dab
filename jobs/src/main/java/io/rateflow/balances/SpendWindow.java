package io.rateflow.balances;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Money spent per UTC day over the last {@value #DAYS} days: the burn-rate estimate behind the
 * "projected depletion" trigger. Exact: seven long counters, no averaging with rounding. The rate
 * is {@code spend(now) / 7} per day, and "depletes within N days" is tested as {@code 7 * balance
 * <= N * spend}, so no division is ever rounded. Spend older than the window, and days without
 * spend, simply drop out.
 */
public final class SpendWindow {
  public static final int DAYS = 7;

  private final long newestDay;
  private final long[] buckets;

  private SpendWindow(long newestDay, long[] buckets) {
    this.newestDay = newestDay;
    this.buckets = buckets;
  }

  /** No spend yet. */
  public static SpendWindow empty() {
    return new SpendWindow(Long.MIN_VALUE / 2, new long[DAYS]);
  }

  /** Rebuilds a window from its state (see {@link #newestDay()} and {@link #buckets()}). */
  public static SpendWindow of(long newestDay, long[] buckets) {
    if (buckets.length != DAYS) {
      throw new IllegalArgumentException(
          "a spend window has " + DAYS + " buckets, got " + buckets.length);
    }
    return new SpendWindow(newestDay, buckets.clone());
  }

  /**
   * The window after {@code minor} was spent at {@code at}; spend older than the window is ignored.
   */
  public SpendWindow add(Instant at, long minor) {
    if (minor == 0) {
      return this;
    }
    long day = epochDay(at);
    if (day <= newestDay - DAYS) {
      return this;
    }
    long[] next = buckets.clone();
    long newest = newestDay;
    if (day > newest) {
      // clear the buckets of the days we skip: they had no spend
      for (long d = Math.max(newest + 1, day - DAYS + 1); d <= day; d++) {
        next[(int) Math.floorMod(d, DAYS)] = 0;
      }
      newest = day;
    }
    int i = (int) Math.floorMod(day, DAYS);
    next[i] = Math.addExact(next[i], minor);
    return new SpendWindow(newest, next);
  }

  /** Spend in the {@value #DAYS} UTC days ending with the day of {@code now}. */
  public long spendAsOf(Instant now) {
    long today = epochDay(now);
    long sum = 0;
    for (long d = Math.max(newestDay - DAYS + 1, today - DAYS + 1);
        d <= Math.min(newestDay, today);
        d++) {
      sum = Math.addExact(sum, buckets[(int) Math.floorMod(d, DAYS)]);
    }
    return sum;
  }

  /** The UTC epoch day of the newest bucket (state for serialisation). */
  public long newestDay() {
    return newestDay;
  }

  /** The bucket counters indexed by {@code epochDay mod 7} (a copy; state for serialisation). */
  public long[] buckets() {
    return buckets.clone();
  }

  private static long epochDay(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpendWindow w
        && w.newestDay == newestDay
        && Arrays.equals(w.buckets, buckets);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(newestDay) * 31 + Arrays.hashCode(buckets);
  }

  @Override
  public String toString() {
    return "SpendWindow[newestDay=" + newestDay + ", buckets=" + Arrays.toString(buckets) + "]";
  }
}

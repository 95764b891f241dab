package io.rateflow.pricing;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/**
 * Calendar-month keys ("2026-03") of instants in a zone, cached as epoch-second ranges: building
 * the {@code YearMonth} and its string costs more than the rest of pricing a tiered event. A small,
 * racy cache of immutable entries (safe to share between threads; a lost update only costs a
 * recomputation).
 */
final class MonthKeys {
  private record Entry(ZoneId zone, long fromSecond, long toSecond, String key) {}

  // A clock change this close to a month's boundary could make the month's instants non-contiguous.
  private static final Duration MARGIN = Duration.ofDays(2);
  private static final int SLOTS = 64;
  private static final Entry[] CACHE = new Entry[SLOTS];

  private MonthKeys() {}

  static String of(Instant time, ZoneId zone) {
    long second = time.getEpochSecond();
    int h = zone.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = CACHE[slot];
    if (e != null
        && second >= e.fromSecond
        && second < e.toSecond
        && (e.zone == zone || e.zone.equals(zone))) {
      return e.key;
    }
    YearMonth month = YearMonth.from(time.atZone(zone));
    String key = month.toString();
    Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    if (noTransitionNear(zone, from) && noTransitionNear(zone, to)) {
      CACHE[slot] = new Entry(zone, from.getEpochSecond(), to.getEpochSecond(), key);
    }
    return key;
  }

  private static boolean noTransitionNear(ZoneId zone, Instant boundary) {
    ZoneOffsetTransition next = zone.getRules().nextTransition(boundary.minus(MARGIN));
    return next == null || next.getInstant().isAfter(boundary.plus(MARGIN));
  }
}

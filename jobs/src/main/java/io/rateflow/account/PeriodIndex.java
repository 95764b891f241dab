package io.rateflow.account;

import io.rateflow.pricing.MeterAggregate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which recurring items an account holds and the latest period each has reached (for a minimum: the
 * oldest period not yet closed), so that a period boundary knows what to roll over or close without
 * scanning the state. Stored as one entry of the account's usage state, under {@link #KEY}, as
 * "item|startMillis|periodKey" strings: an account holds a handful of items.
 */
final class PeriodIndex {
  static final String KEY = "~periods";
  private static final String PERIOD = "~index";

  /** Where an item stands: the period it reached, by key and start. */
  record Position(String periodKey, Instant start) {}

  private final Map<String, Position> items = new LinkedHashMap<>();
  private boolean changed;

  static PeriodIndex load(AccountState state, long now) throws Exception {
    PeriodIndex index = new PeriodIndex();
    // sorted: items roll over in the same order on every replay
    for (String entry : new TreeSet<>(state.aggregate(KEY, PERIOD, now).uniques())) {
      int a = entry.lastIndexOf('|');
      int b = entry.lastIndexOf('|', a - 1);
      index.items.put(
          entry.substring(0, b),
          new Position(
              entry.substring(a + 1),
              Instant.ofEpochMilli(Long.parseLong(entry.substring(b + 1, a)))));
    }
    return index;
  }

  /** Writes the index back if anything changed since it was loaded. */
  void store(AccountState state, long now) throws Exception {
    if (!changed) {
      return;
    }
    changed = false;
    Set<String> entries = new HashSet<>();
    items.forEach(
        (item, p) -> entries.add(item + "|" + p.start().toEpochMilli() + "|" + p.periodKey()));
    state.storeAggregate(KEY, new MeterAggregate(PERIOD, BigDecimal.ZERO, entries), now);
  }

  Position get(String item) {
    return items.get(item);
  }

  void put(String item, String periodKey, Instant start) {
    Position p = new Position(periodKey, start);
    changed |= !p.equals(items.put(item, p));
  }

  void remove(String item) {
    changed |= items.remove(item) != null;
  }

  /** The items in index order (by name), a copy: the caller may change the index meanwhile. */
  List<String> names() {
    return new ArrayList<>(items.keySet());
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}

package io.rateflow.balances;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The order in which a plan uses up grants of the same family (the meter's allowances first, then
 * money grants). Keys are applied in sequence; the grant id is always the final tie-break so the
 * order is total and a replay draws from the same grants.
 *
 * <p>The {@link #DEFAULT} is {@code priority, expiry, created}: lower priority number first, then
 * the grant that expires soonest (no expiry last: using credit that would otherwise be lost is in
 * the customer's interest), then the oldest.
 */
public record BurnOrder(List<Key> keys) {

  /** One sort key. */
  public enum Key {
    /** Lower {@link BalanceGrant#priority()} first. */
    PRIORITY,
    /** Earliest expiry first; grants without expiry last. */
    EXPIRY,
    /** Earliest created first. */
    CREATED,
    /** Promotional credit before paid credit (keeps paid, refundable credit for last). */
    PROMOTIONAL_FIRST,
    /** Paid credit before promotional credit. */
    PREPAID_FIRST
  }

  public static final BurnOrder DEFAULT =
      new BurnOrder(List.of(Key.PRIORITY, Key.EXPIRY, Key.CREATED));

  public BurnOrder {
    Objects.requireNonNull(keys, "keys");
    keys = List.copyOf(keys);
    if (keys.contains(Key.PROMOTIONAL_FIRST) && keys.contains(Key.PREPAID_FIRST)) {
      throw new IllegalArgumentException(
          "burn order cannot have both PROMOTIONAL_FIRST and PREPAID_FIRST");
    }
  }

  /**
   * Parses a plan's setting such as {@code "priority, expiry, created"} or {@code
   * "promotional_first,expiry"} (case-insensitive, dashes allowed for underscores).
   */
  public static BurnOrder parse(String spec) {
    List<Key> keys = new ArrayList<>();
    for (String part : spec.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (name.isEmpty()) {
        continue;
      }
      try {
        keys.add(Key.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown burn order key '"
                + part.trim()
                + "' in '"
                + spec
                + "'; expected some of "
                + List.of(Key.values()).toString().toLowerCase(Locale.ROOT));
      }
    }
    return new BurnOrder(keys);
  }

  /** The total order over grants this burn order defines. */
  public Comparator<BalanceGrant> comparator() {
    Comparator<BalanceGrant> c = (a, b) -> 0;
    for (Key key : keys) {
      c = c.thenComparing(comparatorOf(key));
    }
    return c.thenComparing(BalanceGrant::id);
  }

  private static Comparator<BalanceGrant> comparatorOf(Key key) {
    return switch (key) {
      case PRIORITY -> Comparator.comparingInt(BalanceGrant::priority);
      case EXPIRY ->
          Comparator.comparing(
              BalanceGrant::expiry, Comparator.nullsLast(Comparator.<Instant>naturalOrder()));
      case CREATED -> Comparator.comparing(BalanceGrant::created);
      case PROMOTIONAL_FIRST ->
          Comparator.comparingInt(g -> g.kind() == GrantKind.PROMOTIONAL ? 0 : 1);
      case PREPAID_FIRST -> Comparator.comparingInt(g -> g.kind() == GrantKind.PREPAID ? 0 : 1);
    };
  }

  /** The setting string that {@link #parse} reads back. */
  @Override
  public String toString() {
    return String.join(",", keys.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
  }
}

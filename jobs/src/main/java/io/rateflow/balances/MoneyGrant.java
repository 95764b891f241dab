package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/**
 * Money credit in the wallet's currency, in exact minor units: {@link GrantKind#PREPAID} (paid) or
 * {@link GrantKind#PROMOTIONAL} (given). {@code amountMinor} is what was granted plus adjustments;
 * {@code remainingMinor} is what is left and never goes below zero.
 */
public record MoneyGrant(
    String id,
    GrantKind kind,
    long amountMinor,
    long remainingMinor,
    int priority,
    Instant effectiveFrom,
    Instant expiry,
    Instant created,
    String source)
    implements BalanceGrant {

  public MoneyGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(source, "source");
    if (kind == GrantKind.ALLOWANCE) {
      throw new IllegalArgumentException(
          "grant " + id + ": a money grant cannot be of kind ALLOWANCE");
    }
    if (remainingMinor < 0) {
      throw new IllegalArgumentException(
          "grant " + id + ": remaining must not be negative: " + remainingMinor);
    }
  }

  /** This grant with {@code remainingMinor} set, amount unchanged. */
  public MoneyGrant withRemaining(long remaining) {
    return new MoneyGrant(
        id, kind, amountMinor, remaining, priority, effectiveFrom, expiry, created, source);
  }

  /** This grant with amount and remaining both moved by {@code deltaMinor} (an adjustment). */
  MoneyGrant adjustedBy(long deltaMinor) {
    return new MoneyGrant(
        id,
        kind,
        Math.addExact(amountMinor, deltaMinor),
        Math.addExact(remainingMinor, deltaMinor),
        priority,
        effectiveFrom,
        expiry,
        created,
        source);
  }
}

package io.rateflow.balances;

import java.time.Instant;

/**
 * One entitlement held by an account: money credit ({@link MoneyGrant}) or included units of a
 * meter ({@link Allowance}). The fields here are the ones the {@link BurnOrder} may sort by.
 */
public sealed interface BalanceGrant permits MoneyGrant, Allowance {

  /** Unique within the account. */
  String id();

  GrantKind kind();

  /** Lower is used first. */
  int priority();

  /** Not usable before this instant. */
  Instant effectiveFrom();

  /** Not usable at or after this instant; {@code null} means it never expires. */
  Instant expiry();

  /** When the grant was created; the last tie-break before the id. */
  Instant created();

  /** Where it came from, e.g. {@code top-up}, {@code promotion:welcome}, {@code plan}. */
  String source();

  /**
   * Whether the grant may fund something that happened at {@code t}: effective and not yet expired.
   * A grant is never used outside this window, even if the expiry timer has not run yet.
   */
  default boolean usableAt(Instant t) {
    return !t.isBefore(effectiveFrom()) && (expiry() == null || t.isBefore(expiry()));
  }

  /** Whether the grant has expired at {@code t}. */
  default boolean expiredAt(Instant t) {
    return expiry() != null && !t.isBefore(expiry());
  }
}

package io.rateflow.balances;

import java.time.Instant;

/**
 * A request to change an account's balances, from the balance-commands topic or from a promotion.
 * Each has a unique {@link #commandId()}: the wallet applies each id at most once.
 */
public sealed interface BalanceCommand permits TopUp, Grant, Revoke, Adjust, SetCreditLimit {

  /** Unique per account; the key of exactly-once application. */
  String commandId();

  /**
   * When the command was issued (not when it takes effect). The wallet's de-duplication memory is
   * ordered by this time, so it must come from the command, never from the wall clock of the
   * operator.
   */
  Instant at();
}

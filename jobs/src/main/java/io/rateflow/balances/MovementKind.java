package io.rateflow.balances;

/** Why a balance changed. */
public enum MovementKind {
  TOP_UP,
  GRANT,
  REVOKE,
  ADJUST,
  USAGE,
  EXPIRY,
  /** A top-up paying back what a prepaid-only account owed on its overdraft. */
  SETTLEMENT
}

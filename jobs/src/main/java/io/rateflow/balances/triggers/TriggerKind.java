package io.rateflow.balances.triggers;

/** The conditions the {@link TriggerBook} watches. */
public enum TriggerKind {
  /** Usable money credit fell below a fixed amount. */
  BALANCE_BELOW,
  /** Usable money credit fell below a percentage of the last top-up. */
  BELOW_PERCENT_OF_LAST_TOP_UP,
  /** A meter's allowance reached a percentage used in the current billing period. */
  ALLOWANCE_USED,
  /** At the recent burn rate, the money credit runs out within N days. */
  PROJECTED_DEPLETION,
  /** A money grant with credit left expires within N days. */
  GRANT_EXPIRING,
  /** A prepaid-only charge went beyond the credit limit. */
  EXHAUSTED
}

package io.rateflow.balances;

/** What a grant holds and where it came from. */
public enum GrantKind {
  /** Credit the customer paid for (a top-up): money, refundable, settles an overdraft. */
  PREPAID,
  /** Credit we gave away (a promotion, a goodwill gesture): money, never cash-refundable. */
  PROMOTIONAL,
  /**
   * Units of one meter included in the plan, reset every billing period (e.g. 10,000
   * api_calls/month).
   */
  ALLOWANCE
}

package io.rateflow.ledger;

/** Why a journal entry exists: the business fact it books, or the correction it makes. */
public enum EntryKind {
  USAGE_ON_ACCOUNT,
  USAGE_PREPAID,
  USAGE_PROMOTIONAL,
  /** Memo only: allowance usage is paid by the plan fee, booked outside rating. */
  USAGE_ALLOWANCE,
  PREPAID_TOP_UP,
  PREPAID_GRANT,
  PREPAID_REVOKE,
  PREPAID_ADJUST,
  PREPAID_EXPIRY,
  PREPAID_SETTLEMENT,
  /** Memo only: promotional credit is no liability until used. */
  PROMOTIONAL_GRANT,
  /** Memo only. */
  PROMOTIONAL_REVOKE,
  /** Memo only. */
  PROMOTIONAL_ADJUST,
  /** Memo only: unused promotional credit never was revenue or liability, so nothing to release. */
  PROMOTIONAL_EXPIRY,
  /** Cancels another entry line by line with debits and credits swapped. */
  REVERSAL,
  /** The difference between two ratings of the same event. */
  RERATE_ADJUSTMENT,
  /** The sum of one account's entries for one product, day and currency. */
  SUMMARY,
  /** Recurring units held at a period's start (or carried into it), for the whole period. */
  RECURRING_CHARGE,
  /** A plan's recurring fee. */
  SUBSCRIPTION_FEE,
  /** Recurring units added mid-period, pro rata (a positive proration). */
  PRORATION_CHARGE,
  /**
   * Recurring units removed or a plan left mid-period, credited pro rata (a negative proration).
   */
  PRORATION_CREDIT,
  /** A period's minimum-spend true-up, or its adjustment by a late charge. */
  MINIMUM_TRUE_UP
}

package io.rateflow.ledger;

/**
 * The accounting meaning of a journal line, independent of any company's account numbers. A chart
 * of accounts maps each role to a GL account code; every role must have a default mapping so
 * posting can never fail for want of an account.
 */
public enum PostingRole {
  /** Asset: usage delivered on account and not yet invoiced (the ERP's billing run clears it). */
  RECEIVABLE_UNBILLED,
  /** Income: usage revenue, recognised when the usage happens. */
  USAGE_REVENUE,
  /** Liability: prepaid credit the company still owes as service (or as a refund). */
  CUSTOMER_PREPAYMENTS,
  /** Asset: cash received for top-ups, awaiting matching with the payment provider's settlement. */
  CASH_CLEARING,
  /** Contra-revenue: the value of usage paid with promotional credit. */
  PROMOTIONAL_DISCOUNT,
  /** Income: prepaid credit that expired unused. */
  BREAKAGE_INCOME,
  /**
   * Clearing: prepaid credit granted without a top-up, cleared when the ERP invoices the
   * commitment.
   */
  PREPAID_GRANT_CLEARING,
  /** Liability: revoked prepaid credit the company must pay back. */
  REFUNDS_PAYABLE,
  /** Expense: manual corrections of prepaid balances (goodwill or error fixes). */
  PREPAID_ADJUSTMENTS,
  /** Income: recurring units (seats) and subscription fees, for the period they cover. */
  RECURRING_REVENUE,
  /** Contra-revenue: pro rata credits for recurring units removed or a plan left mid-period. */
  PRORATION_CREDITS,
  /** Income: the true-up that brings a period's spend up to its committed minimum. */
  MINIMUM_COMMITMENT_REVENUE;

  // New roles are appended: the state codec stores roles by ordinal.

  /**
   * The role whose account a line of this role goes to when the chart has no row for it, or {@code
   * null} when the chart must map it. Charts written before recurring revenue existed have no rows
   * for the newer roles; booking those on the usage revenue account keeps them valid.
   */
  public PostingRole fallback() {
    return switch (this) {
      case RECURRING_REVENUE, PRORATION_CREDITS, MINIMUM_COMMITMENT_REVENUE -> USAGE_REVENUE;
      default -> null;
    };
  }
}

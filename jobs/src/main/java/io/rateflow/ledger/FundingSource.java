package io.rateflow.ledger;

/** What pays a charge; decides which account is debited against usage revenue. */
public enum FundingSource {
  /** Billed on the customer's account: revenue against an unbilled receivable. */
  ON_ACCOUNT,
  /** Paid from prepaid credit the customer bought: consumes the prepayment liability. */
  PREPAID,
  /** Paid from promotional credit the company gave away: a discount, not cash. */
  PROMOTIONAL,
  /** Included in the plan's allowance: its revenue comes with the plan fee, not per usage. */
  ALLOWANCE
}

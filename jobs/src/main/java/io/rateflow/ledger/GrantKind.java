package io.rateflow.ledger;

/** The kind of credit a movement concerns: only prepaid credit is money the company owes. */
public enum GrantKind {
  /** Bought by the customer: a liability until used, refunded or expired. */
  PREPAID,
  /** Given away by the company: no liability; it becomes a discount only when used. */
  PROMOTIONAL
}

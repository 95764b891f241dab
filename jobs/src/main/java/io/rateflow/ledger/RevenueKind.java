package io.rateflow.ledger;

/**
 * What a charge is for, as far as the books care: the ledger's own copy of the rating engine's
 * charge kinds (the ledger does not depend on pricing), mapped by name from {@code
 * Charge.charge_kind}. Decides, with the funding source, which roles a charge books.
 */
public enum RevenueKind {
  /** A usage event. */
  USAGE,
  /** Recurring units added (positive) or removed (negative) mid-period, pro rata. */
  PRORATION,
  /** Recurring units held at a period's start (or carried into it), for the whole period. */
  RECURRING,
  /** A plan's recurring fee for a period, in advance. */
  SUBSCRIPTION_FEE,
  /** Brings a closed period up to its minimum spend; negative when a late charge lowers it. */
  MINIMUM_TRUE_UP
}

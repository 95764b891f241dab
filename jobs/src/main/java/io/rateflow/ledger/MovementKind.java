package io.rateflow.ledger;

/** What happened to a balance, apart from usage (usage arrives as a {@link ChargeFact}). */
public enum MovementKind {
  /** The customer bought prepaid credit. */
  TOP_UP,
  /** Credit was granted without a top-up (a sales commitment, or a promotion). */
  GRANT,
  /** Unused credit was taken back (a refund of prepaid credit, or a withdrawn promotion). */
  REVOKE,
  /** A manual correction of the balance; the only kind whose amount is commonly negative. */
  ADJUST,
  /** Unused credit lapsed at the end of its validity. */
  EXPIRY,
  /**
   * Prepaid credit paying off what a prepaid-only account owed beyond its credit (a top-up settles
   * it first).
   */
  SETTLEMENT
}

package io.rateflow.balances;

/** Where one part of a charge is paid from. */
public enum FundingSource {
  /**
   * Included units of the meter's allowance; the line carries the share of the charge for those
   * units.
   */
  ALLOWANCE,
  /** A paid credit grant. */
  PREPAID,
  /** A promotional credit grant. */
  PROMOTIONAL,
  /** Not covered by any grant: invoiced (postpaid) or drawn on the overdraft (prepaid-only). */
  ON_ACCOUNT;

  static FundingSource of(GrantKind kind) {
    return switch (kind) {
      case PREPAID -> PREPAID;
      case PROMOTIONAL -> PROMOTIONAL;
      case ALLOWANCE -> ALLOWANCE;
    };
  }
}

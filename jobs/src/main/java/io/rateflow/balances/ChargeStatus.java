package io.rateflow.balances;

/**
 * The status a charge line carries on the charges topic. Both are rated and booked; {@code
 * EXCEEDS_LIMIT} tells the collections side that a prepaid-only account went past its credit limit.
 */
public enum ChargeStatus {
  /** Billed as usual: paid from balances, or owed on account within the limit. */
  BILLED,
  /** The on-account part of a prepaid-only account's charge that its overdraft could not cover. */
  EXCEEDS_LIMIT;

  /** The status of one line of a funding: only its on-account line can exceed the limit. */
  public static ChargeStatus of(Funding funding, FundingLine line) {
    return funding.exceedsLimit() && line.source() == FundingSource.ON_ACCOUNT
        ? EXCEEDS_LIMIT
        : BILLED;
  }
}

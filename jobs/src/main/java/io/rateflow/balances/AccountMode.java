package io.rateflow.balances;

/** How an account pays for what its grants do not cover. */
public enum AccountMode {
  /** The uncovered remainder goes on the invoice; there is no limit to flag. */
  POSTPAID,
  /**
   * The account must pay in advance: the uncovered remainder is drawn on an overdraft up to the
   * credit limit, and a funding beyond the limit is flagged {@code exceedsLimit} (still rated,
   * never dropped).
   */
  PREPAID_ONLY;

  /** The mode of an account by its profile's {@code prepaid_only} flag. */
  public static AccountMode of(boolean prepaidOnly) {
    return prepaidOnly ? PREPAID_ONLY : POSTPAID;
  }

  /**
   * Whether an account needs a wallet before anything was granted to it: a prepaid-only account
   * always pays from one (its overdraft is the credit limit); a postpaid account only once it holds
   * a grant, so most postpaid accounts skip the wallet entirely.
   */
  public boolean needsWallet() {
    return this == PREPAID_ONLY;
  }
}

package io.rateflow.balances;

/** How an account pays for what its grants do not cover. */
public enum AccountMode {
    /** The uncovered remainder goes on the invoice; there is no limit to flag. */
    POSTPAID,
    /**
     * The account must pay in advance: the uncovered remainder is drawn on an overdraft up to the credit
     * limit, and a funding beyond the limit is flagged {@code exceedsLimit} (still rated, never dropped).
     */
    PREPAID_ONLY
}

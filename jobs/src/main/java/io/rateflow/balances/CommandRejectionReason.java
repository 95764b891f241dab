package io.rateflow.balances;

/**
 * Machine-readable reason a balance command was not applied; stable codes for the rejected topic.
 */
public enum CommandRejectionReason {
  BAD_AMOUNT,
  UNKNOWN_CURRENCY,
  CURRENCY_MISMATCH,
  UNKNOWN_GRANT,
  GRANT_EXISTS,
  DUPLICATE_COMMAND,
  /**
   * Older than the de-duplication memory reaches: we cannot prove it was not applied, so we refuse
   * it.
   */
  STALE_COMMAND,
  BAD_COMMAND
}

package io.rateflow.ledger;

/**
 * How an account's ledger behaves.
 *
 * @param allowedLatenessMillis how long after its day closes (in event time) a summary may still be
 *     reversed and replaced; later charges become {@link CorrectionRecord}s
 * @param detailEntries also produce one full journal entry per charge (for {@code erp-gl-detail});
 *     off, a charge only adds to its day's running totals
 */
public record LedgerSettings(long allowedLatenessMillis, boolean detailEntries) {

  /** The job's defaults: three days of lateness, no detail entries. */
  public static final LedgerSettings DEFAULTS = new LedgerSettings(3L * 24 * 60 * 60 * 1000, false);

  public LedgerSettings {
    if (allowedLatenessMillis < 0) {
      throw new IllegalArgumentException(
          "allowedLatenessMillis must not be negative, got " + allowedLatenessMillis);
    }
  }
}

package io.rateflow.ledger;

import java.time.YearMonth;

/**
 * A late fact that belongs to a closed period. A closed period is never changed silently: instead
 * of posting, Rateflow hands this record to an accountant, who books the correction in an open
 * period or reopens the period.
 *
 * @param correctionId deterministic id (from the affected summary and the late entry)
 * @param legalEntity whose period is closed
 * @param closedPeriod the closed period the late fact belongs to
 * @param affectedEntryId the exported summary entry the late fact would have changed
 * @param lateEntry the entry that could not be posted, with its lines
 * @param reason why, readable: period, amounts and what to do
 */
public record CorrectionRecord(
    String correctionId,
    String legalEntity,
    YearMonth closedPeriod,
    String affectedEntryId,
    JournalEntry lateEntry,
    String reason)
    implements LateFactOutcome {

  public CorrectionRecord {
    Require.text(correctionId, "correctionId");
    Require.text(legalEntity, "legalEntity");
    Require.present(closedPeriod, "closedPeriod");
    Require.text(affectedEntryId, "affectedEntryId");
    Require.present(lateEntry, "lateEntry");
    Require.text(reason, "reason");
  }
}

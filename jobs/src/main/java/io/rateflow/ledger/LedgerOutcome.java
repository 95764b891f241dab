package io.rateflow.ledger;

import java.util.List;

/**
 * What one call of {@link AccountLedger} produced, for the caller to send on.
 *
 * @param export entries for the GL import ({@code erp-gl-export}), in order: closed days'
 *     summaries, reversal + replacement pairs, movements' own entries
 * @param detail one entry per charge for {@code erp-gl-detail}; empty unless detail entries are on
 * @param corrections charges later than the allowed lateness ({@code erp-gl-corrections})
 * @param journalEntryId for a posted charge, the id of the summary entry it rolls into; null
 *     otherwise
 */
public record LedgerOutcome(
    List<JournalEntry> export,
    List<JournalEntry> detail,
    List<CorrectionRecord> corrections,
    String journalEntryId) {

  /** Nothing to send and no entry id. */
  public static final LedgerOutcome NONE = new LedgerOutcome(List.of(), List.of(), List.of(), null);

  public LedgerOutcome {
    export = List.copyOf(export);
    detail = List.copyOf(detail);
    corrections = List.copyOf(corrections);
  }

  /** True when there is nothing to send. */
  public boolean isEmpty() {
    return export.isEmpty() && detail.isEmpty() && corrections.isEmpty();
  }
}

package io.rateflow.ledger;

import java.util.List;

/**
 * A correction of an exported entry in an open period: a reversal that cancels it line by line, and
 * the replacement that takes its place. Both are posted; the original is never edited, so the ERP
 * and the audit trail show what changed and why.
 *
 * @param reversal cancels the original (debits and credits swapped, references it)
 * @param replacement the corrected entry (references the original)
 */
public record Adjustment(JournalEntry reversal, JournalEntry replacement)
    implements LateFactOutcome {

  public Adjustment {
    Require.present(reversal, "reversal");
    Require.present(replacement, "replacement");
  }

  /** The entries to export, in order: reversal first. */
  public List<JournalEntry> entries() {
    return List.of(reversal, replacement);
  }
}

package io.rateflow.job;

import io.rateflow.avro.Charge;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.Journal;
import java.util.Optional;

/**
 * Re-rating (issue 5, item 4) on the wire records: the entry that books only the difference between
 * how a charge was posted and how it is rated now. For the batch re-rating path and tools; the
 * streaming job posts each charge once.
 */
public final class JournalRerating {
  private final Journal journal;

  /** Posts with whichever chart version is in force at each charge's event time. */
  public JournalRerating(ChartBook charts) {
    this.journal = new Journal(charts);
  }

  /**
   * The adjusting entry for a re-rated charge, or empty when the books do not change.
   *
   * @param previous the charge as it was posted
   * @param current the same event rated again
   * @param revision what makes this re-rating unique (say, "pricing v7"): its id derives from it
   * @throws IllegalArgumentException if the charges are not for the same event, account and
   *     currency, or a field the ledger needs is missing
   * @throws io.rateflow.ledger.PostingException if no chart or legal entity covers the charge
   */
  public Optional<io.rateflow.avro.JournalEntry> rerate(
      Charge previous, Charge current, String revision) {
    return journal
        .rerate(LedgerMapping.chargeFact(previous), LedgerMapping.chargeFact(current), revision)
        .map(LedgerMapping::toAvro);
  }
}

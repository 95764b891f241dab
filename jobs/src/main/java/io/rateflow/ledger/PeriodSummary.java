package io.rateflow.ledger;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Daily summaries for ERPs that want totals rather than one entry per event, and the rule for late
 * facts: an exported summary is never edited; while its period is open it is reversed and replaced,
 * once the period is closed a {@link CorrectionRecord} goes to an accountant instead.
 *
 * <p>A summary nets lines per (role, GL account, dimensions) over one {@link SummaryKey}: account,
 * product, posting date and currency (in one legal entity). Pure functions, no state: {@link
 * AccountLedger} keeps the running and exported totals per account and passes them back.
 */
public final class PeriodSummary {

  private static final Comparator<SummaryKey> KEY_ORDER =
      Comparator.comparing(SummaryKey::legalEntity)
          .thenComparing(SummaryKey::accountId)
          .thenComparing(SummaryKey::product)
          .thenComparing(SummaryKey::postingDate)
          .thenComparing(k -> k.currency().getCurrencyCode());

  private PeriodSummary() {}

  /**
   * One summary entry per key found in {@code entries}, in key order. Memo entries are skipped:
   * they have nothing to sum. Pass detail entries (postings, reversals, adjustments), not
   * summaries.
   *
   * @throws ArithmeticException if a total exceeds the range of {@code long} minor units
   */
  public static List<JournalEntry> summarize(Collection<JournalEntry> entries) {
    Map<SummaryKey, List<JournalEntry>> groups = new TreeMap<>(KEY_ORDER);
    for (JournalEntry e : entries) {
      if (!e.isMemo()) {
        groups.computeIfAbsent(SummaryKey.of(e), k -> new ArrayList<>()).add(e);
      }
    }
    List<JournalEntry> out = new ArrayList<>();
    groups.forEach((key, group) -> out.add(summarize(key, group)));
    return out;
  }

  /**
   * The summary entry of one key. Its id depends on the key only, so re-running the summary over
   * the same day gives the same id.
   *
   * @throws IllegalArgumentException if {@code entries} is empty or an entry has another key
   */
  public static JournalEntry summarize(SummaryKey key, Collection<JournalEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no entries to summarise for " + key);
    }
    LineTotals totals = new LineTotals();
    JournalEntry newestChart = null;
    int summed = 0;
    for (JournalEntry e : entries) {
      if (e.isMemo()) {
        continue;
      }
      summed++;
      if (!SummaryKey.of(e).equals(key)) {
        throw new IllegalArgumentException(
            "entry " + e.entryId() + " has key " + SummaryKey.of(e) + ", not " + key);
      }
      totals.add(e.lines(), 1);
      if (newestChart == null || e.chartVersion() > newestChart.chartVersion()) {
        newestChart = e;
      }
    }
    if (newestChart == null) {
      throw new IllegalArgumentException("only memo entries to summarise for " + key);
    }
    return summary(key, totals, summed, newestChart.chartId(), newestChart.chartVersion());
  }

  /**
   * The running summary of one key with one more detail entry: the same entry {@link
   * #summarize(SummaryKey, Collection)} gives for all entries so far, built from the previous
   * running summary, so a day's summary needs one entry of state instead of all of the day's
   * entries.
   *
   * @param running the running summary so far, or null before the key's first non-memo entry
   * @param summed how many entries {@code running} sums (0 when it is null)
   * @return {@code running} unchanged for a memo entry
   * @throws IllegalArgumentException if {@code entry} has another key
   */
  public static JournalEntry add(
      SummaryKey key, JournalEntry running, int summed, JournalEntry entry) {
    if (entry.isMemo()) {
      return running;
    }
    if (!SummaryKey.of(entry).equals(key)) {
      throw new IllegalArgumentException(
          "entry " + entry.entryId() + " has key " + SummaryKey.of(entry) + ", not " + key);
    }
    LineTotals totals = new LineTotals();
    JournalEntry newestChart = entry;
    if (running != null) {
      totals.add(running.lines(), 1);
      // the first entry with the highest chart version wins, as in summarize
      newestChart = entry.chartVersion() > running.chartVersion() ? entry : running;
    }
    totals.add(entry.lines(), 1);
    return summary(key, totals, summed + 1, newestChart.chartId(), newestChart.chartVersion());
  }

  /**
   * The id of the summary that replaces {@code exportedId}: chained, so every replacement is
   * replay-stable.
   */
  static String replacementId(String exportedId) {
    return EntryIds.of("REPLACEMENT", exportedId);
  }

  /**
   * The first summary entry of a key with these totals, made from {@code summed} entries or
   * charges.
   */
  static JournalEntry summary(
      SummaryKey key, LineTotals totals, int summed, String chartId, long chartVersion) {
    return new JournalEntry(
        key.summaryEntryId(),
        EntryKind.SUMMARY,
        key.accountId(),
        key.legalEntity(),
        key.postingDate(),
        YearMonth.from(key.postingDate()),
        key.currency(),
        totals.toLines(),
        List.of(),
        null,
        "Summary of "
            + summed
            + " entries: account "
            + key.accountId()
            + ", product "
            + (key.product().isEmpty() ? "(none)" : key.product())
            + ", "
            + key.postingDate(),
        chartId,
        chartVersion);
  }

  /**
   * Applies a late entry to a summary that was already exported.
   *
   * <ul>
   *   <li>Period open: an {@link Adjustment} reversing {@code exportedSummary} and replacing it
   *       with the new totals (id derived from the exported one, so repeated amendments chain
   *       deterministically).
   *   <li>Period closed: a {@link CorrectionRecord} naming the summary, the late entry and {@code
   *       reason}; nothing is posted into the closed period.
   * </ul>
   *
   * @param exportedSummary the summary entry as last exported (the original or its latest
   *     replacement)
   * @param late the late entry, with the same key
   * @param closed the closed periods
   * @param reason why the correction happens, for the ERP and the accountant
   * @return the outcome, or empty for a memo {@code late} entry (nothing changes)
   * @throws IllegalArgumentException if {@code exportedSummary} is no summary or the keys differ
   */
  public static Optional<LateFactOutcome> amend(
      JournalEntry exportedSummary, JournalEntry late, ClosedPeriods closed, String reason) {
    Require.text(reason, "reason");
    if (exportedSummary.kind() != EntryKind.SUMMARY) {
      throw new IllegalArgumentException(
          "entry "
              + exportedSummary.entryId()
              + " is a "
              + exportedSummary.kind()
              + ", not a SUMMARY");
    }
    if (late.isMemo()) {
      return Optional.empty();
    }
    SummaryKey key = SummaryKey.of(late);
    boolean sameKey =
        key.legalEntity().equals(exportedSummary.legalEntity())
            && key.accountId().equals(exportedSummary.accountId())
            && key.postingDate().equals(exportedSummary.postingDate())
            && key.currency().equals(exportedSummary.currency())
            && (exportedSummary.isMemo() || key.equals(SummaryKey.of(exportedSummary)));
    if (!sameKey) {
      throw new IllegalArgumentException(
          "late entry "
              + late.entryId()
              + " ("
              + key
              + ") does not belong to summary "
              + exportedSummary.entryId());
    }
    YearMonth period = exportedSummary.period();
    if (closed.isClosed(exportedSummary.legalEntity(), period)) {
      return Optional.of(
          new CorrectionRecord(
              EntryIds.of("CORRECTION", exportedSummary.entryId(), late.entryId()),
              exportedSummary.legalEntity(),
              period,
              exportedSummary.entryId(),
              late,
              reason
                  + ": period "
                  + period
                  + " of "
                  + exportedSummary.legalEntity()
                  + " is closed, so late "
                  + "entry "
                  + late.entryId()
                  + " ("
                  + late.kind()
                  + ", "
                  + MinorUnits.format(late.totalDebitMinor(), late.currency())
                  + ") was not added to summary "
                  + exportedSummary.entryId()
                  + "; book it in an open period or reopen "
                  + period));
    }
    List<JournalLine> lines =
        new LineTotals().add(exportedSummary.lines(), 1).add(late.lines(), 1).toLines();
    List<SourceRef> sources = new ArrayList<>(exportedSummary.sources());
    sources.add(new SourceRef(SourceRef.Kind.JOURNAL_ENTRY, late.entryId()));
    JournalEntry replacement =
        new JournalEntry(
            replacementId(exportedSummary.entryId()),
            EntryKind.SUMMARY,
            exportedSummary.accountId(),
            exportedSummary.legalEntity(),
            exportedSummary.postingDate(),
            period,
            exportedSummary.currency(),
            lines,
            sources,
            exportedSummary.entryId(),
            "Replaces "
                + exportedSummary.entryId()
                + " with late entry "
                + late.entryId()
                + ": "
                + reason,
            late.chartVersion() > exportedSummary.chartVersion()
                ? late.chartId()
                : exportedSummary.chartId(),
            Math.max(late.chartVersion(), exportedSummary.chartVersion()));
    return Optional.of(new Adjustment(Journal.reverse(exportedSummary, reason), replacement));
  }
}

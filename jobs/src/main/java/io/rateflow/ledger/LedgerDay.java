package io.rateflow.ledger;

import java.time.YearMonth;
import java.util.List;

/**
 * One summary key of one account while it can still change: running totals until its posting day
 * closes in event time, then what was exported (the totals of the summary as last exported and how
 * many times it was replaced) until the allowed lateness has passed.
 */
final class LedgerDay {

  final SummaryKey key;

  /**
   * The last millisecond of the posting day in the legal entity's zone: a watermark here closes it.
   */
  final long closesAt;

  /** Open: the running totals; exported: the lines of the summary as last exported. */
  final LineTotals totals;

  /** Charges summed, for the summary's description. */
  int summed;

  /** The newest chart version among the charges summed. */
  String chartId;

  long chartVersion;

  /** 0 while open; 1 once the summary is exported; 1 + n after n replacements. */
  int exports;

  private String summaryId;
  private String exportedId;

  LedgerDay(
      SummaryKey key,
      long closesAt,
      LineTotals totals,
      int summed,
      String chartId,
      long chartVersion,
      int exports) {
    this.key = key;
    this.closesAt = closesAt;
    this.totals = totals;
    this.summed = summed;
    this.chartId = chartId;
    this.chartVersion = chartVersion;
    this.exports = exports;
  }

  /**
   * When the allowed lateness has passed: later charges become corrections, the day is forgotten.
   */
  long finalAt(long allowedLatenessMillis) {
    return finalAt(closesAt, allowedLatenessMillis);
  }

  static long finalAt(long closesAt, long allowedLatenessMillis) {
    long at = closesAt + allowedLatenessMillis;
    return at < closesAt ? Long.MAX_VALUE : at; // saturate: a lateness of "forever" must not wrap
  }

  boolean isExported() {
    return exports > 0;
  }

  /** The event time this day waits for: its close while open, its finalisation once exported. */
  long deadline(long allowedLatenessMillis) {
    return isExported() ? finalAt(allowedLatenessMillis) : closesAt;
  }

  /** The id of the first summary: what the charges of the open day carry. Hashed once per day. */
  String summaryId() {
    if (summaryId == null) {
      summaryId = key.summaryEntryId();
    }
    return summaryId;
  }

  /** The id of the summary as last exported: the first one, or its latest replacement. */
  String exportedId() {
    if (exportedId == null) {
      String id = summaryId();
      for (int i = 1; i < exports; i++) {
        id = PeriodSummary.replacementId(id);
      }
      exportedId = id;
    }
    return exportedId;
  }

  /** Adds a charge's lines and its chart version (the newest wins, the first of equals stays). */
  void add(List<JournalLine> lines, String chart, long version) {
    totals.add(lines, 1);
    summed++;
    if (chartId == null || version > chartVersion) {
      chartId = chart;
      chartVersion = version;
    }
  }

  /** Exports the open day: its first summary. */
  JournalEntry close() {
    exports = 1;
    exportedId = null;
    return PeriodSummary.summary(key, totals, summed, chartId, chartVersion);
  }

  /** The summary as last exported, rebuilt from the state (to reverse and replace it). */
  JournalEntry exported() {
    String id = exportedId();
    String original = exports > 1 ? previousId() : null;
    return new JournalEntry(
        id,
        EntryKind.SUMMARY,
        key.accountId(),
        key.legalEntity(),
        key.postingDate(),
        YearMonth.from(key.postingDate()),
        key.currency(),
        totals.toLines(),
        List.of(),
        original,
        original == null ? "Summary of " + summed + " entries" : "Replaces " + original,
        chartId,
        chartVersion);
  }

  /** Records that the exported summary was replaced by {@code replacement}. */
  void replaced(JournalEntry replacement, List<JournalLine> lateLines) {
    totals.add(lateLines, 1);
    summed++;
    exports++;
    exportedId = replacement.entryId();
    chartId = replacement.chartId();
    chartVersion = replacement.chartVersion();
  }

  private String previousId() {
    String id = summaryId();
    for (int i = 2; i < exports; i++) {
      id = PeriodSummary.replacementId(id);
    }
    return id;
  }

  boolean sameKey(
      String legalEntity, String product, java.time.LocalDate day, java.util.Currency currency) {
    return key.postingDate().equals(day)
        && key.product().equals(product)
        && key.currency().equals(currency)
        && key.legalEntity().equals(legalEntity);
  }
}

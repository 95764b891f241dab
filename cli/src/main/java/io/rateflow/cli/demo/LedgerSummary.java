package io.rateflow.cli.demo;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.UsageAnalytics;
import io.rateflow.cli.ledger.LedgerTieOut;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.job.RatingConfig;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The finance side of the demo: the journal entries exported for the ERP (daily summaries and one
 * entry per balance movement), whether they reconcile with the charges and movements to the minor
 * unit, the charges of days that have not closed in event time yet (their summaries are exported
 * when the day closes: no difference), and the revenue-by-product table a product team reads from
 * the analytics topic.
 */
record LedgerSummary(
    int entries,
    int summaries,
    int memoEntries,
    Map<YearMonth, Boolean> tiesOut,
    long unpostable,
    long awaitingDayClose,
    List<String> awaiting,
    Map<String, BigDecimal> revenueByProduct) {

  static LedgerSummary read(RatingConfig c, List<PricingRule> charts) {
    String b = c.bootstrapServers();
    Duration t = Duration.ofSeconds(30);
    List<Charge> charges = TopicSnapshot.read(b, Map.of(), c.chargesTopic(), Charge.class, t);
    List<BalanceMovementRecord> movements =
        TopicSnapshot.read(b, Map.of(), c.movementsTopic(), BalanceMovementRecord.class, t);
    List<JournalEntry> journal =
        TopicSnapshot.read(b, Map.of(), c.journalTopic(), JournalEntry.class, t);
    ChartBook book = ChartBook.of();
    for (PricingRule r : charts) {
      book = book.with(ChartOfAccountsParser.parse(r.getSourceName(), r.getDocument()));
    }
    List<CorrectionRecord> corrections =
        TopicSnapshot.read(b, Map.of(), c.correctionsTopic(), CorrectionRecord.class, t);
    Map<YearMonth, Boolean> ties = new TreeMap<>();
    long unpostable = 0;
    long awaitingCount = 0;
    List<String> awaiting = new ArrayList<>();
    TreeSet<YearMonth> periods = new TreeSet<>();
    charges.forEach(ch -> periods.add(YearMonth.from(ch.getEventTime().atOffset(ZoneOffset.UTC))));
    for (YearMonth period : periods) {
      LedgerTieOut.Result r =
          LedgerTieOut.reconcile(
              book, period, LedgerTieOut.Grain.SUMMARY, charges, movements, journal, corrections);
      ties.put(period, r.tiesOut());
      unpostable += r.unpostable().size();
      awaitingCount += r.awaiting();
      r.awaitingLines().forEach(line -> awaiting.add(period + " " + line));
    }
    // analytics: the latest revision of each minute, summed per product and currency
    Map<String, UsageAnalytics> latest = new HashMap<>();
    for (UsageAnalytics a :
        TopicSnapshot.read(b, Map.of(), c.analyticsTopic(), UsageAnalytics.class, t)) {
      String key =
          a.getWindowStart() + "|" + a.getMeter() + "|" + a.getSegment() + "|" + a.getCurrency();
      UsageAnalytics seen = latest.get(key);
      if (seen == null || seen.getRevision() < a.getRevision()) {
        latest.put(key, a);
      }
    }
    Map<String, Long> minor = new TreeMap<>();
    Map<String, Integer> digits = new HashMap<>();
    for (UsageAnalytics a : latest.values()) {
      minor.merge(a.getMeter() + " " + a.getCurrency(), a.getRevenueMinor(), Math::addExact);
      digits.put(a.getCurrency(), a.getCurrencyDigits());
    }
    Map<String, BigDecimal> revenue = new TreeMap<>();
    minor.forEach(
        (k, v) ->
            revenue.put(k, BigDecimal.valueOf(v, digits.get(k.substring(k.indexOf(' ') + 1)))));
    int memo = (int) journal.stream().filter(e -> e.getLines().isEmpty()).count();
    int summaries = (int) journal.stream().filter(e -> e.getKind().equals("SUMMARY")).count();
    return new LedgerSummary(
        journal.size(),
        summaries,
        memo,
        ties,
        unpostable,
        awaitingCount,
        List.copyOf(awaiting),
        revenue);
  }

  boolean ok() {
    return unpostable == 0 && tiesOut.values().stream().allMatch(Boolean::booleanValue);
  }

  void print(PrintStream out) {
    out.printf(
        "  ERP/GL export %,d balanced journal entries: %,d daily summaries (replacements included), %,d others"
            + " (%,d memo entries without lines)%n",
        entries, summaries, entries - summaries, memoEntries);
    tiesOut.forEach(
        (period, ok) ->
            out.printf(
                "  reconcile    %s: %s%n",
                period,
                ok
                    ? "charges, movements and journal tie out to the minor unit"
                    : "DIFFERENCES (run ./rateflow reconcile)"));
    // open days: their summaries go out when the day closes in event time, so this is no difference
    awaiting.forEach(a -> out.printf("  open days    %s%n", a));
    if (unpostable > 0) {
      out.printf("  unpostable   %,d facts (see erp-gl-rejected)%n", unpostable);
    }
    out.println(
        "  revenue by product (usage-analytics topic: closed one-minute windows; the newest are still open)");
    revenueByProduct.forEach(
        (k, v) -> {
          String[] mc = k.split(" ");
          out.printf("    %-18s %-4s %,16." + v.scale() + "f%n", mc[0], mc[1], v);
        });
  }
}

package io.rateflow.cli.demo;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.UsageAnalytics;
import io.rateflow.cli.ledger.ReconcileCommand;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.job.RatingConfig;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The finance side of the demo: the journal entries exported for the ERP, whether they reconcile
 * with the charges and movements to the minor unit, and the revenue-by-product table a product
 * team reads from the analytics topic.
 */
record LedgerSummary(int entries, int memoEntries, Map<YearMonth, Boolean> tiesOut, long unpostable,
    Map<String, BigDecimal> revenueByProduct) {

  static LedgerSummary read(RatingConfig c, List<PricingRule> charts) {
    String b = c.bootstrapServers();
    Duration t = Duration.ofSeconds(30);
    List<Charge> charges = TopicSnapshot.read(b, Map.of(), c.chargesTopic(), Charge.class, t);
    List<BalanceMovementRecord> movements = TopicSnapshot.read(b, Map.of(), c.movementsTopic(), BalanceMovementRecord.class, t);
    List<JournalEntry> journal = TopicSnapshot.read(b, Map.of(), c.journalTopic(), JournalEntry.class, t);
    ChartBook book = ChartBook.of();
    for (PricingRule r : charts) {
      book = book.with(ChartOfAccountsParser.parse(r.getSourceName(), r.getDocument()));
    }
    Map<YearMonth, Boolean> ties = new TreeMap<>();
    long unpostable = 0;
    TreeSet<YearMonth> periods = new TreeSet<>();
    charges.forEach(ch -> periods.add(YearMonth.from(ch.getEventTime().atOffset(ZoneOffset.UTC))));
    for (YearMonth period : periods) {
      ReconcileCommand.Result r = ReconcileCommand.reconcile(book, period, charges, movements, journal);
      ties.put(period, r.tiesOut());
      unpostable += r.unpostable().size();
    }
    // analytics: the latest revision of each minute, summed per product and currency
    Map<String, UsageAnalytics> latest = new HashMap<>();
    for (UsageAnalytics a : TopicSnapshot.read(b, Map.of(), c.analyticsTopic(), UsageAnalytics.class, t)) {
      String key = a.getWindowStart() + "|" + a.getMeter() + "|" + a.getSegment() + "|" + a.getCurrency();
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
    minor.forEach((k, v) -> revenue.put(k, BigDecimal.valueOf(v, digits.get(k.substring(k.indexOf(' ') + 1)))));
    int memo = (int) journal.stream().filter(e -> e.getLines().isEmpty()).count();
    return new LedgerSummary(journal.size(), memo, ties, unpostable, revenue);
  }

  boolean ok() {
    return unpostable == 0 && tiesOut.values().stream().allMatch(Boolean::booleanValue);
  }

  void print(PrintStream out) {
    out.printf("  ERP/GL export %,d balanced journal entries (%,d memo entries without lines)%n", entries, memoEntries);
    tiesOut.forEach((period, ok) -> out.printf("  reconcile    %s: %s%n", period,
        ok ? "charges, movements and journal tie out to the minor unit" : "DIFFERENCES (run ./rateflow reconcile)"));
    if (unpostable > 0) {
      out.printf("  unpostable   %,d facts (see erp-gl-rejected)%n", unpostable);
    }
    out.println("  revenue by product (usage-analytics topic: closed one-minute windows; the newest are still open)");
    revenueByProduct.forEach((k, v) -> {
      String[] mc = k.split(" ");
      out.printf("    %-18s %-4s %,16." + v.scale() + "f%n", mc[0], mc[1], v);
    });
  }
}

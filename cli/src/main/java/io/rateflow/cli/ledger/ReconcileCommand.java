package io.rateflow.cli.ledger;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.job.LedgerMapping;
import io.rateflow.ledger.ChargeFact;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.LegalEntity;
import io.rateflow.ledger.MovementFact;
import io.rateflow.ledger.Reconciliation;
import io.rateflow.ledger.ReconciliationLine;
import io.rateflow.ledger.ReconciliationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow reconcile}: does the exported journal say what the charges and balance movements
 * say? Reads the three topics {@code read_committed}, nets both sides per posting role, account,
 * product, currency and period, and prints every cell of the period with any difference.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Reconciles the ERP journal export with the charges and balance movements of one period.",
        "Exit code 0 when every cell ties out, 1 when anything differs or a fact could not be posted."})
public final class ReconcileCommand implements Callable<Integer> {
  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--period", required = true, description = "Accounting period yyyy-MM (in each legal entity's zone).")
  YearMonth period;

  @Option(names = "--charges-topic", defaultValue = "charges", description = "Default ${DEFAULT-VALUE}.")
  String chargesTopic;

  @Option(names = "--movements-topic", defaultValue = "balance-movements", description = "Default ${DEFAULT-VALUE}.")
  String movementsTopic;

  @Option(names = "--journal-topic", defaultValue = "erp-gl-export",
      description = "Detail entries (default ${DEFAULT-VALUE}); a summaries topic (erp-gl-summaries) works too.")
  String journalTopic;

  @Option(names = "--rules-topic", defaultValue = "pricing-rules",
      description = "Where the chart of accounts versions are read from (default ${DEFAULT-VALUE}).")
  String rulesTopic;

  @Option(names = "--chart", description = "Chart of accounts YAML file or directory, instead of the rules topic.")
  Path chart;

  @Option(names = "--client-config", description = "Properties file with client settings (security, SASL).")
  Path clientConfig;

  @Option(names = "--timeout", defaultValue = "PT60S", description = "How long reading a topic may take (default ${DEFAULT-VALUE}).")
  Duration timeout;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Map<String, String> client = clientConfig();
    ChartBook charts = chart != null ? chartsFromFiles(chart) : chartsFromTopic(client);
    if (charts.versions().isEmpty()) {
      out.println("no chart of accounts found " + (chart != null ? "in " + chart : "on topic " + rulesTopic)
          + "; publish one (pricing-rules/chart-of-accounts/) or pass --chart");
      return 1;
    }
    List<Charge> charges = TopicSnapshot.read(bootstrap, client, chargesTopic, Charge.class, timeout);
    List<BalanceMovementRecord> movements = optionalTopic(client, movementsTopic, BalanceMovementRecord.class);
    List<io.rateflow.avro.JournalEntry> journal =
        TopicSnapshot.read(bootstrap, client, journalTopic, io.rateflow.avro.JournalEntry.class, timeout);
    Result result = reconcile(charts, period, charges, movements, journal);
    out.println("reconcile " + period + ": " + result.charges + " charges, " + result.movements + " movements, "
        + result.entries + " journal entries (" + chargesTopic + ", " + movementsTopic + ", " + journalTopic + ")");
    for (ReconciliationLine line : result.lines) {
      out.println("  " + line);
    }
    result.unpostable.forEach(u -> out.println("  not in the journal: " + u));
    long differences = result.lines.stream().filter(l -> !l.isBalanced()).count();
    if (differences == 0 && result.unpostable.isEmpty()) {
      out.println("ties out: " + result.lines.size() + " cells agree");
      return 0;
    }
    out.println("does NOT tie out: " + differences + " cell(s) differ, " + result.unpostable.size()
        + " fact(s) could not be posted (see the erp-gl-rejected topic)");
    return 1;
  }

  /**
   * What one period's reconciliation found.
   *
   * @param lines the cells of the period, in report order
   * @param unpostable facts of the period the journal cannot contain (no chart, unknown legal
   *     entity, invalid): each is a gap in the GL
   */
  public record Result(List<ReconciliationLine> lines, List<String> unpostable, int charges, int movements, int entries) {
    /** True when every cell agrees and every fact could be posted. */
    public boolean tiesOut() {
      return unpostable.isEmpty() && lines.stream().allMatch(ReconciliationLine::isBalanced);
    }
  }

  /**
   * Reconciles one period. Each charge counts once in its latest version (by charge id); charges
   * not BILLED and movements that are no journal fact of their own are left out, as the job does.
   */
  public static Result reconcile(ChartBook charts, YearMonth period, List<Charge> charges,
      List<BalanceMovementRecord> movements, List<io.rateflow.avro.JournalEntry> journal) {
    Map<String, Charge> latest = new LinkedHashMap<>();
    charges.forEach(c -> latest.put(c.getChargeId(), c));
    List<ChargeFact> chargeFacts = new ArrayList<>();
    List<String> unpostable = new ArrayList<>();
    int chargeCount = 0;
    for (Charge c : latest.values()) {
      if (!LedgerMapping.isBooked(c.getStatus())) {
        continue;
      }
      String what = "charge " + c.getChargeId() + " (account " + c.getAccountId() + ", event " + c.getEventId() + ")";
      try {
        ChargeFact f = LedgerMapping.chargeFact(c);
        Optional<YearMonth> p = periodOf(charts, f.eventTime(), f.legalEntity());
        if (p.isEmpty()) {
          if (YearMonth.from(f.eventTime().atOffset(ZoneOffset.UTC)).equals(period)) {
            unpostable.add(what + ": no chart or legal entity '" + f.legalEntity() + "' at " + f.eventTime());
          }
        } else if (p.get().equals(period)) {
          chargeFacts.add(f);
          chargeCount++;
        }
      } catch (IllegalArgumentException e) {
        if (YearMonth.from(c.getEventTime().atOffset(ZoneOffset.UTC)).equals(period)) {
          unpostable.add(what + ": " + e.getMessage());
        }
      }
    }
    List<MovementFact> movementFacts = new ArrayList<>();
    for (BalanceMovementRecord m : movements) {
      if (LedgerMapping.notJournaled(m) != null) {
        continue;
      }
      try {
        MovementFact f = LedgerMapping.movementFact(m);
        Optional<YearMonth> p = periodOf(charts, f.time(), f.legalEntity());
        if (p.isEmpty()) {
          if (YearMonth.from(f.time().atOffset(ZoneOffset.UTC)).equals(period)) {
            unpostable.add("movement " + m.getMovementId() + ": no chart or legal entity '" + f.legalEntity() + "'");
          }
        } else if (p.get().equals(period)) {
          movementFacts.add(f);
        }
      } catch (IllegalArgumentException e) {
        if (YearMonth.from(m.getAt().atOffset(ZoneOffset.UTC)).equals(period)) {
          unpostable.add(e.getMessage());
        }
      }
    }
    List<JournalEntry> entries = new ArrayList<>();
    for (io.rateflow.avro.JournalEntry e : journal) {
      if (YearMonth.parse(e.getPeriod()).equals(period)) {
        entries.add(LedgerMapping.fromAvro(e));
      }
    }
    ReconciliationReport report = new Reconciliation(charts).reconcile(chargeFacts, movementFacts, entries);
    return new Result(report.lines(), unpostable, chargeCount, movementFacts.size(), entries.size());
  }

  private static Optional<YearMonth> periodOf(ChartBook charts, Instant time, String legalEntity) {
    return charts.inForceAt(time).flatMap(c -> c.legalEntity(legalEntity))
        .map((LegalEntity le) -> YearMonth.from(le.postingDate(time)));
  }

  private <T extends org.apache.avro.specific.SpecificRecordBase> List<T> optionalTopic(
      Map<String, String> client, String topic, Class<T> type) {
    try {
      return TopicSnapshot.read(bootstrap, client, topic, type, timeout);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        out.println("note: " + e.getMessage() + "; reconciling without balance movements");
        return List.of();
      }
      throw e;
    }
  }

  private ChartBook chartsFromTopic(Map<String, String> client) {
    ChartBook book = ChartBook.of();
    for (PricingRule r : TopicSnapshot.read(bootstrap, client, rulesTopic, PricingRule.class, timeout)) {
      if (r.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
        book = book.with(ChartOfAccountsParser.parse(r.getSourceName().isEmpty() ? r.getRuleSetId() : r.getSourceName(),
            r.getDocument()));
      }
    }
    return book;
  }

  static ChartBook chartsFromFiles(Path path) throws IOException {
    ChartBook book = ChartBook.of();
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    for (Path f : files) {
      ChartOfAccounts c = ChartOfAccountsParser.parse(f);
      book = book.with(c);
    }
    return book;
  }

  private Map<String, String> clientConfig() throws IOException {
    if (clientConfig == null) {
      return Map.of();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(clientConfig)) {
      p.load(in);
    }
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }
}

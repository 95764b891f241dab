package io.rateflow.cli.ledger;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ReconciliationLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow reconcile}: does the exported journal say what the charges and balance
 * movements say? Reads the topics {@code read_committed}, nets both sides per posting role,
 * account, product, currency and period ({@link LedgerTieOut}), and prints every cell of the period
 * with any difference, and the charges of days not closed yet, which are no difference.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Reconciles the ERP journal export with the charges and balance movements of one period.",
      "Charges of days that have not closed in event time yet are listed as awaiting day close, not as differences.",
      "Exit code 0 when every cell ties out, 1 when anything differs or a fact could not be posted."
    })
public final class ReconcileCommand implements Callable<Integer> {
  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--period",
      required = true,
      description = "Accounting period yyyy-MM (in each legal entity's zone).")
  YearMonth period;

  @Option(
      names = "--charges-topic",
      defaultValue = "charges",
      description = "Default ${DEFAULT-VALUE}.")
  String chargesTopic;

  @Option(
      names = "--movements-topic",
      defaultValue = "balance-movements",
      description = "Default ${DEFAULT-VALUE}.")
  String movementsTopic;

  @Option(
      names = "--journal-topic",
      defaultValue = "erp-gl-export",
      description = {
        "The GL export: daily summaries and one entry per balance movement (default ${DEFAULT-VALUE}).",
        "A detail topic (erp-gl-detail, or any name ending in -detail: one entry per charge) reconciles the charges",
        "against their detail entries instead."
      })
  String journalTopic;

  @Option(
      names = "--corrections-topic",
      defaultValue = "erp-gl-corrections",
      description =
          "Late entries handed to an accountant, counted with the GL export (default ${DEFAULT-VALUE}).")
  String correctionsTopic;

  @Option(
      names = "--rules-topic",
      defaultValue = "pricing-rules",
      description =
          "Where the chart of accounts versions are read from (default ${DEFAULT-VALUE}).")
  String rulesTopic;

  @Option(
      names = "--chart",
      description = "Chart of accounts YAML file or directory, instead of the rules topic.")
  Path chart;

  @Option(
      names = "--client-config",
      description = "Properties file with client settings (security, SASL).")
  Path clientConfig;

  @Option(
      names = "--timeout",
      defaultValue = "PT60S",
      description = "How long reading a topic may take (default ${DEFAULT-VALUE}).")
  Duration timeout;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Map<String, String> client = clientConfig();
    ChartBook charts = chart != null ? chartsFromFiles(chart) : chartsFromTopic(client);
    if (charts.versions().isEmpty()) {
      out.println(
          "no chart of accounts found "
              + (chart != null ? "in " + chart : "on topic " + rulesTopic)
              + "; publish one (pricing-rules/chart-of-accounts/) or pass --chart");
      return 1;
    }
    List<Charge> charges =
        TopicSnapshot.read(bootstrap, client, chargesTopic, Charge.class, timeout);
    LedgerTieOut.Grain grain = grain(journalTopic);
    List<BalanceMovementRecord> movements =
        grain == LedgerTieOut.Grain.SUMMARY
            ? optionalTopic(
                client, movementsTopic, BalanceMovementRecord.class, "balance movements")
            : List.of();
    List<io.rateflow.avro.JournalEntry> journal =
        TopicSnapshot.read(
            bootstrap, client, journalTopic, io.rateflow.avro.JournalEntry.class, timeout);
    List<CorrectionRecord> corrections =
        grain == LedgerTieOut.Grain.SUMMARY
            ? optionalTopic(client, correctionsTopic, CorrectionRecord.class, "corrections")
            : List.of();
    LedgerTieOut.Result result =
        LedgerTieOut.reconcile(charts, period, grain, charges, movements, journal, corrections);
    return print(result, grain);
  }

  /** Prints the result; the exit code. */
  int print(LedgerTieOut.Result result, LedgerTieOut.Grain grain) {
    out.println(
        "reconcile "
            + period
            + ": "
            + result.charges()
            + " charges, "
            + result.movements()
            + " movements, "
            + result.entries()
            + " journal entries ("
            + chargesTopic
            + ", "
            + (grain == LedgerTieOut.Grain.SUMMARY
                ? movementsTopic + ", " + journalTopic + " + " + correctionsTopic
                : journalTopic + ": detail entries, movements are not on it")
            + ")");
    if (result.corrected() > 0) {
      out.println(
          "  "
              + result.corrected()
              + " late entries on "
              + correctionsTopic
              + " count as booked (an accountant books them in an open period)");
    }
    for (ReconciliationLine line : result.lines()) {
      out.println("  " + line);
    }
    result.unpostable().forEach(u -> out.println("  not in the journal: " + u));
    // Not a difference: the summary of a day is exported when the day closes in event time.
    result.awaitingLines().forEach(a -> out.println("  " + a));
    long differences = result.lines().stream().filter(l -> !l.isBalanced()).count();
    if (result.tiesOut()) {
      out.println(
          "ties out: "
              + result.lines().size()
              + " cells agree"
              + (result.awaiting() > 0
                  ? "; " + result.awaiting() + " charges of open days not yet exported"
                  : ""));
      return 0;
    }
    out.println(
        "does NOT tie out: "
            + differences
            + " cell(s) differ, "
            + result.unpostable().size()
            + " fact(s) could not be posted (see the erp-gl-rejected topic)");
    return 1;
  }

  /** A detail topic holds one entry per charge; anything else is read as the GL export. */
  static LedgerTieOut.Grain grain(String journalTopic) {
    return journalTopic.equals("erp-gl-detail") || journalTopic.endsWith("-detail")
        ? LedgerTieOut.Grain.DETAIL
        : LedgerTieOut.Grain.SUMMARY;
  }

  private <T extends org.apache.avro.specific.SpecificRecordBase> List<T> optionalTopic(
      Map<String, String> client, String topic, Class<T> type, String what) {
    try {
      return TopicSnapshot.read(bootstrap, client, topic, type, timeout);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        out.println("note: " + e.getMessage() + "; reconciling without " + what);
        return List.of();
      }
      throw e;
    }
  }

  private ChartBook chartsFromTopic(Map<String, String> client) {
    ChartBook book = ChartBook.of();
    for (PricingRule r :
        TopicSnapshot.read(bootstrap, client, rulesTopic, PricingRule.class, timeout)) {
      if (r.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
        book =
            book.with(
                ChartOfAccountsParser.parse(
                    r.getSourceName().isEmpty() ? r.getRuleSetId() : r.getSourceName(),
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
        files =
            s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .sorted()
                .toList();
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

package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.avro.JournalSourceRef;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.avro.UsageAnalytics;
import io.rateflow.cli.ledger.LedgerTieOut;
import io.rateflow.cli.ledger.ReconcileCommand;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Rating plus the ledger on a MiniCluster against a real in-process KRaft broker: every charge in
 * exactly one balanced journal entry, a late event adjusting an exported summary, and the committed
 * output reconciling to zero.
 */
class LedgerITCase extends KafkaFlinkTestBase {
  static final Path CHART = Path.of("..", "pricing-rules", "chart-of-accounts", "rateflow-gl.yaml");


  @Test
  void everyChargeIsJournaledOnceLateEventsAdjustSummariesAndTheLedgerReconciles() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "ledger");
    RatingConfig config = f.config.toBuilder()
        .pendingTimeout(Duration.ofSeconds(8)).allowedLateness(Duration.ofDays(60))
        .sourceIdleness(Duration.ofSeconds(1))
        .build();
    String corrections = config.correctionsTopic();

    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    String chartYaml = Files.readString(CHART);
    Producers.publishRules(kafka.bootstrapServers(), Map.of(), config.rulesTopic(), List.of(PricingRule.newBuilder()
        .setKind(RuleKind.CHART_OF_ACCOUNTS).setRuleSetId("rateflow-gl").setVersion(1)
        .setEffectiveFrom(Instant.parse("2026-01-01T00:00:00Z")).setDocument(chartYaml)
        .setSourceName("rateflow-gl.yaml").setPublishedAt(Instant.now()).setPublishedBy("test").build()));
    f.accounts(account("A", "USD", "smb", AccountStatus.ACTIVE), account("B", "USD", "enterprise", AccountStatus.ACTIVE));

    JobClient job = start(config);
    try (OutputTally tally = new OutputTally(kafka.bootstrapServers(), config.chargesTopic(), config.rejectedTopic(),
        config.eventsTopic(), true)) {
      // 2026-11-10 in New York (RF-US), then usage two days later moves the watermark past that day.
      int sent = f.events(List.of(
          event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
          event("e2", "A", "api_calls", "60", "2026-11-10T15:00:00Z"),
          event("e3", "A", "storage_gb", "2", "2026-11-10T16:00:00Z"),
          event("e4", "B", "api_calls", "7", "2026-11-10T10:00:30Z"),
          event("e5", "A", "api_calls", "1", "2026-11-12T10:00:00Z"),
          event("e6", "B", "api_calls", "1", "2026-11-12T10:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      String summaryA = io.rateflow.ledger.EntryIds.of("SUMMARY", "RF-US", "A", "api_calls", "2026-11-10", "USD");
      List<JournalEntry> first = await(config.journalDetailTopic(),
          s -> s.stream().anyMatch(e -> e.getEntryId().equals(summaryA)));
      JournalEntry exported = first.stream().filter(e -> e.getEntryId().equals(summaryA)).findFirst().orElseThrow();
      assertThat(debit(exported, "RECEIVABLE_UNBILLED")).isEqualTo(1100L); // P(120) = 100×0.10 + 20×0.05

      // A late event for the 10th, well within the allowed lateness.
      sent += f.events(List.of(event("e7", "A", "api_calls", "10", "2026-11-10T12:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      List<JournalEntry> summaries = await(config.journalDetailTopic(),
          s -> s.stream().anyMatch(e -> summaryA.equals(e.getOriginalEntryId()) && e.getKind().equals("SUMMARY")));
      JournalEntry reversal = summaries.stream()
          .filter(e -> e.getKind().equals("REVERSAL") && summaryA.equals(e.getOriginalEntryId())).findFirst().orElseThrow();
      JournalEntry replacement = summaries.stream()
          .filter(e -> e.getKind().equals("SUMMARY") && summaryA.equals(e.getOriginalEntryId())).findFirst().orElseThrow();
      assertThat(reversal.getLines()).extracting(JournalLine::getCreditMinor).contains(1100L);
      assertThat(debit(replacement, "RECEIVABLE_UNBILLED")).isEqualTo(1100L + 50L); // 10 more at 0.05
      assertThat(summaries).filteredOn(e -> e.getEntryId().equals(summaryA)).hasSize(1); // never re-exported

      List<Charge> charges = tally.keptCharges();
      List<JournalEntry> journal = await(config.journalTopic(), j -> j.size() >= charges.size());
      // Analytics: the minutes of the 10th add up to that day's charges, exactly (latest revision per key).
      long chargedOnThe10th = charges.stream()
          .filter(c -> c.getEventTime().isBefore(Instant.parse("2026-11-11T00:00:00Z")))
          .mapToLong(Charge::getAmountMinor).sum();
      PipelineFixture.await(kafka, config.analyticsTopic(), UsageAnalytics.class, a -> revenueBefore(a, "2026-11-11T00:00:00Z") == chargedOnThe10th);
      JobWatch.stop(job);

      assertThat(tally.keptRejections()).isEmpty();
      assertThat(charges).hasSize(sent);
      for (Charge c : charges) {
        assertThat(journal).as("entries of charge %s", c.getChargeId())
            .filteredOn(e -> e.getSources().contains(new JournalSourceRef("CHARGE", c.getChargeId())))
            .singleElement()
            .satisfies(e -> {
              assertThat(e.getLines().stream().mapToLong(JournalLine::getDebitMinor).sum())
                  .isEqualTo(e.getLines().stream().mapToLong(JournalLine::getCreditMinor).sum())
                  .isEqualTo(c.getAmountMinor());
              assertThat(e.getAccountId()).isEqualTo(c.getAccountId());
            });
      }
      assertThat(journal).hasSize(charges.size());

      // The committed output reconciles, with the library and with the command.
      ChartBook charts = ChartBook.of(ChartOfAccountsParser.parse(CHART));
      LedgerTieOut.Result result = LedgerTieOut.reconcile(charts, YearMonth.of(2026, 11), LedgerTieOut.Grain.DETAIL,
          charges, List.of(), journal, List.of());
      assertThat(result.tiesOut()).as("%s", result).isTrue();
      assertThat(result.charges()).isEqualTo(charges.size());

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream previous = System.out;
      int exit;
      try {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        CommandLine cli = new CommandLine(new ReconcileCommand()); // prints to System.out as set now
        exit = cli.execute("--bootstrap", kafka.bootstrapServers(), "--period", "2026-11",
            "--charges-topic", config.chargesTopic(), "--movements-topic", config.movementsTopic(),
            "--journal-topic", config.journalTopic(), "--rules-topic", config.rulesTopic());
      } finally {
        System.setOut(previous);
      }
      assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ties out");
      // The summaries reconcile too: reversal and replacement net to the new totals.
      assertThat(LedgerTieOut.reconcile(charts, YearMonth.of(2026, 11), LedgerTieOut.Grain.SUMMARY, charges.stream()
          .filter(c -> c.getEventTime().isBefore(Instant.parse("2026-11-11T05:00:00Z"))).toList(), List.of(),
          TopicSnapshot.read(kafka.bootstrapServers(), Map.of(), config.journalDetailTopic(), JournalEntry.class,
              Duration.ofSeconds(30)), List.of()).tiesOut()).isTrue();
    } finally {
      JobWatch.stop(job);
    }
  }

  private static long debit(JournalEntry e, String role) {
    return e.getLines().stream().filter(l -> l.getRole().equals(role)).mapToLong(JournalLine::getDebitMinor).sum();
  }

  private static long revenueBefore(List<UsageAnalytics> analytics, String instant) {
    Map<String, UsageAnalytics> latest = analytics.stream().collect(Collectors.toMap(
        io.rateflow.job.AnalyticsWindow::key, a -> a, (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
    return latest.values().stream().filter(a -> a.getWindowStart().isBefore(Instant.parse(instant)))
        .mapToLong(UsageAnalytics::getRevenueMinor).sum();
  }

  private static List<JournalEntry> await(String topic, Predicate<List<JournalEntry>> done) throws InterruptedException {
    return PipelineFixture.await(kafka, topic, JournalEntry.class, done);
  }


  private JobClient start(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }
}

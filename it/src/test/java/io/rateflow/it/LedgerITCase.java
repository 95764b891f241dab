package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.avro.JournalSourceRef;
import io.rateflow.avro.UsageAnalytics;
import io.rateflow.cli.ledger.LedgerTieOut;
import io.rateflow.cli.ledger.ReconcileCommand;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.job.RatingConfig;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Rating plus the ledger on a MiniCluster against a real in-process KRaft broker, at the grain the
 * general ledger imports: daily summaries on erp-gl-export that every charge points to and that tie
 * to the charges to the minor unit, a late charge adjusting an exported summary (reversal +
 * replacement), a charge later than the allowed lateness becoming a correction, and per-charge
 * detail entries only when asked for.
 */
class LedgerITCase extends KafkaFlinkTestBase {
  static final Path CHART = Path.of("..", "pricing-rules", "chart-of-accounts", "rateflow-gl.yaml");

  @Test
  void chargesRollIntoDailySummariesTheyPointToLateChargesAdjustThemAndTheLedgerReconciles()
      throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "ledger");
    // The default allowed lateness (3 days); held inputs wait long enough for a profile sent late.
    RatingConfig config =
        f.config.toBuilder()
            .pendingTimeout(Duration.ofSeconds(90))
            .sourceIdleness(Duration.ofSeconds(1))
            .build();
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofDays(3));
    assertThat(config.ledgerDetailEntries()).isFalse();
    setUp(f, config);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("B", "USD", "enterprise", AccountStatus.ACTIVE));

    JobClient job = startJob(config);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      // 2026-11-10 in New York (RF-US), then usage two days later moves the watermark past that
      // day.
      int sent =
          f.events(
              List.of(
                  event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
                  event("e2", "A", "api_calls", "60", "2026-11-10T15:00:00Z"),
                  event("e3", "A", "storage_gb", "2", "2026-11-10T16:00:00Z"),
                  event("e4", "B", "api_calls", "7", "2026-11-10T10:00:30Z"),
                  event("e5", "A", "api_calls", "1", "2026-11-12T10:00:00Z"),
                  event("e6", "B", "api_calls", "1", "2026-11-12T10:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      String summaryA =
          io.rateflow.ledger.EntryIds.of("SUMMARY", "RF-US", "A", "api_calls", "2026-11-10", "USD");
      List<JournalEntry> first =
          await(
              config.journalTopic(),
              s -> s.stream().anyMatch(e -> e.getEntryId().equals(summaryA)));
      JournalEntry exported =
          first.stream().filter(e -> e.getEntryId().equals(summaryA)).findFirst().orElseThrow();
      assertThat(debit(exported, "RECEIVABLE_UNBILLED"))
          .isEqualTo(1100L); // P(120) = 100×0.10 + 20×0.05

      // A late event for the 10th, within the allowed lateness: the summary is reversed and
      // replaced.
      sent += f.events(List.of(event("e7", "A", "api_calls", "10", "2026-11-10T12:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      List<JournalEntry> adjusted =
          await(
              config.journalTopic(),
              s ->
                  s.stream()
                      .anyMatch(
                          e ->
                              summaryA.equals(e.getOriginalEntryId())
                                  && e.getKind().equals("SUMMARY")));
      JournalEntry reversal =
          adjusted.stream()
              .filter(
                  e -> e.getKind().equals("REVERSAL") && summaryA.equals(e.getOriginalEntryId()))
              .findFirst()
              .orElseThrow();
      JournalEntry replacement =
          adjusted.stream()
              .filter(e -> e.getKind().equals("SUMMARY") && summaryA.equals(e.getOriginalEntryId()))
              .findFirst()
              .orElseThrow();
      assertThat(reversal.getLines()).extracting(JournalLine::getCreditMinor).contains(1100L);
      assertThat(debit(replacement, "RECEIVABLE_UNBILLED"))
          .isEqualTo(1100L + 50L); // 10 more at 0.05
      assertThat(adjusted)
          .filteredOn(e -> e.getEntryId().equals(summaryA))
          .hasSize(1); // never re-exported

      // Account C's usage of the 10th waits for its profile while the watermark passes the 10th's
      // end + the allowed lateness: when the profile comes, its charge can only be a correction.
      sent +=
          f.events(
              List.of(
                  event("c1", "C", "api_calls", "5", "2026-11-10T13:00:00Z"),
                  event("e8", "A", "api_calls", "1", "2026-11-15T10:00:00Z"),
                  event("e9", "B", "api_calls", "1", "2026-11-15T10:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent - 1, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      f.accounts(account("C", "USD", "smb", AccountStatus.ACTIVE));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      List<CorrectionRecord> corrections =
          PipelineFixture.await(
              kafka, config.correctionsTopic(), CorrectionRecord.class, c -> !c.isEmpty());

      List<Charge> charges = tally.keptCharges();
      // Analytics: the minutes of the 10th add up to that day's charges, exactly (latest revision
      // per
      // key); c1 came after the analytics' allowed lateness too.
      long chargedOnThe10th =
          charges.stream()
              .filter(
                  c ->
                      c.getEventTime().isBefore(Instant.parse("2026-11-11T00:00:00Z"))
                          && !c.getEventId().equals("c1"))
              .mapToLong(Charge::getAmountMinor)
              .sum();
      PipelineFixture.await(
          kafka,
          config.analyticsTopic(),
          UsageAnalytics.class,
          a -> revenueBefore(a, "2026-11-11T00:00:00Z") == chargedOnThe10th);
      // The 12th closed when the 15th's usage came: its summaries are exported too.
      List<JournalEntry> journal =
          await(
              config.journalTopic(),
              j ->
                  ids(j)
                      .containsAll(
                          charges.stream()
                              .filter(
                                  c ->
                                      c.getEventTime()
                                          .isBefore(Instant.parse("2026-11-13T00:00:00Z")))
                              .map(Charge::getJournalEntryId)
                              .filter(java.util.Objects::nonNull)
                              .toList()));
      JobWatch.stop(job);

      assertThat(tally.keptRejections()).isEmpty();
      assertThat(charges).hasSize(sent);

      // Drill-down: every charge of a closed day points to a summary on the export; c1 to none.
      Map<String, JournalEntry> byId =
          journal.stream().collect(Collectors.toMap(JournalEntry::getEntryId, e -> e));
      for (Charge c : charges) {
        if (c.getEventId().equals("c1")) {
          assertThat(c.getJournalEntryId()).as("the correction's charge").isNull();
        } else if (c.getEventTime().isBefore(Instant.parse("2026-11-13T00:00:00Z"))) {
          assertThat(byId.get(c.getJournalEntryId()))
              .as("summary of charge %s", c.getChargeId())
              .isNotNull()
              .satisfies(
                  e -> {
                    assertThat(e.getKind()).isEqualTo("SUMMARY");
                    assertThat(e.getAccountId()).isEqualTo(c.getAccountId());
                  });
        } else {
          assertThat(c.getJournalEntryId()).as("the 15th is still open").isNotNull();
        }
      }
      assertThat(charges)
          .filteredOn(c -> c.getEventId().equals("e7"))
          .singleElement()
          .satisfies(c -> assertThat(c.getJournalEntryId()).isEqualTo(replacement.getEntryId()));
      // The export carries summaries and their adjustments only: no per-charge entries.
      assertThat(journal).extracting(JournalEntry::getKind).containsOnly("SUMMARY", "REVERSAL");
      assertThat(journal).hasSizeLessThan(charges.size());

      // Summaries tie to the charges to the minor unit, per account, product, day and currency:
      // what was exported, reversals netted, is what was charged (the correction apart).
      Map<String, Long> exportedNet = new TreeMap<>();
      for (JournalEntry e : journal) {
        long total = e.getLines().stream().mapToLong(JournalLine::getDebitMinor).sum();
        exportedNet.merge(cell(e), e.getKind().equals("REVERSAL") ? -total : total, Long::sum);
      }
      Map<String, Long> charged = new TreeMap<>();
      for (Charge c : charges) {
        if (c.getJournalEntryId() != null && byId.containsKey(c.getJournalEntryId())) {
          charged.merge(cell(byId.get(c.getJournalEntryId())), c.getAmountMinor(), Long::sum);
        }
      }
      assertThat(exportedNet).isEqualTo(charged).isNotEmpty();

      // The late charge beyond the lateness: a correction naming the final summary of its day.
      assertThat(corrections)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getAccountId()).isEqualTo("C");
                assertThat(c.getReason()).contains("allowed.lateness");
                assertThat(
                        c.getLines().stream()
                            .mapToLong(io.rateflow.avro.CorrectionLine::getDebitMinor)
                            .sum())
                    .isEqualTo(
                        charges.stream()
                            .filter(ch -> ch.getEventId().equals("c1"))
                            .mapToLong(Charge::getAmountMinor)
                            .sum());
              });

      // Without ledger.detail-entries the detail topic stays empty.
      assertThat(
              TopicSnapshot.read(
                  kafka.bootstrapServers(),
                  Map.of(),
                  config.journalDetailTopic(),
                  JournalEntry.class,
                  Duration.ofSeconds(5)))
          .isEmpty();

      // The committed output reconciles, with the library and with the command: the open 15th's
      // charges await their day's close, the correction counts as booked.
      ChartBook charts = ChartBook.of(ChartOfAccountsParser.parse(CHART));
      LedgerTieOut.Result result =
          LedgerTieOut.reconcile(
              charts,
              YearMonth.of(2026, 11),
              LedgerTieOut.Grain.SUMMARY,
              charges,
              List.of(),
              journal,
              corrections);
      assertThat(result.tiesOut()).as("%s", result).isTrue();
      assertThat(result.corrected()).isEqualTo(1);
      assertThat(result.awaitingCount().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(2); // e8, e9

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream previous = System.out;
      int exit;
      try {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        CommandLine cli =
            new CommandLine(new ReconcileCommand()); // prints to System.out as set now
        exit =
            cli.execute(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--period",
                "2026-11",
                "--charges-topic",
                config.chargesTopic(),
                "--movements-topic",
                config.movementsTopic(),
                "--journal-topic",
                config.journalTopic(),
                "--corrections-topic",
                config.correctionsTopic(),
                "--rules-topic",
                config.rulesTopic());
      } finally {
        System.setOut(previous);
      }
      assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ties out");
    } finally {
      JobWatch.stop(job);
    }
  }

  @Test
  void withDetailEntriesOnEveryChargeAlsoGetsAnEntryOfItsOwnOnTheDetailTopic() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "ledger-detail");
    RatingConfig config =
        f.config.toBuilder()
            .sourceIdleness(Duration.ofSeconds(1))
            .ledgerDetailEntries(true)
            .build();
    setUp(f, config);
    f.accounts(account("A", "USD", "smb", AccountStatus.ACTIVE));

    JobClient job = startJob(config);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      int sent =
          f.events(
              List.of(
                  event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
                  event("e2", "A", "api_calls", "60", "2026-11-10T15:00:00Z"),
                  event("e3", "A", "storage_gb", "2", "2026-11-10T16:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      List<Charge> charges = tally.keptCharges();
      List<JournalEntry> detail =
          await(config.journalDetailTopic(), d -> d.size() >= charges.size());
      JobWatch.stop(job);

      for (Charge c : charges) {
        assertThat(detail)
            .as("detail entries of charge %s", c.getChargeId())
            .filteredOn(
                e -> e.getSources().contains(new JournalSourceRef("CHARGE", c.getChargeId())))
            .singleElement()
            .satisfies(
                e ->
                    assertThat(e.getLines().stream().mapToLong(JournalLine::getDebitMinor).sum())
                        .isEqualTo(c.getAmountMinor()));
      }
      assertThat(detail).hasSize(charges.size());
    } finally {
      JobWatch.stop(job);
    }
  }

  /** The pricing rule and the chart of accounts, on the rules topic before the job starts. */
  private static void setUp(PipelineFixture f, RatingConfig config) throws Exception {
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    f.chart(CHART);
  }

  /** Account, product, posting day and currency of a summary entry. */
  private static String cell(JournalEntry e) {
    return e.getAccountId()
        + "/"
        + e.getLines().get(0).getDimensions().getProduct()
        + "/"
        + e.getPostingDate()
        + "/"
        + e.getCurrency();
  }

  private static java.util.Set<String> ids(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::getEntryId).collect(Collectors.toSet());
  }

  private static long debit(JournalEntry e, String role) {
    return e.getLines().stream()
        .filter(l -> l.getRole().equals(role))
        .mapToLong(JournalLine::getDebitMinor)
        .sum();
  }

  private static long revenueBefore(List<UsageAnalytics> analytics, String instant) {
    Map<String, UsageAnalytics> latest =
        analytics.stream()
            .collect(
                Collectors.toMap(
                    io.rateflow.job.AnalyticsWindow::key,
                    a -> a,
                    (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
    return latest.values().stream()
        .filter(a -> a.getWindowStart().isBefore(Instant.parse(instant)))
        .mapToLong(UsageAnalytics::getRevenueMinor)
        .sum();
  }

  private static List<JournalEntry> await(String topic, Predicate<List<JournalEntry>> done)
      throws InterruptedException {
    return PipelineFixture.await(kafka, topic, JournalEntry.class, done);
  }
}

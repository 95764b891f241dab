package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.cli.offline.OfflineRating;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.job.RatingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seats, a plan fee and a minimum spend on the streaming job (real broker, MiniCluster) and in
 * {@code rate --as-of}: the month's end, passed by the watermark, charges the period starts and the
 * true-up, and both runs produce the same charges, to the charge id and the minor unit.
 */
class SubscriptionsITCase extends KafkaFlinkTestBase {
  static final Path TEAM =
      Path.of("..", "jobs", "src", "test", "resources", "periods", "team-usd.yaml");

  @TempDir Path dir;

  @Test
  void theStreamingJobAndRateChargeTheSamePeriodStartsFeesAndTrueUps() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "subscriptions");
    RatingConfig config =
        f.config.toBuilder()
            .pendingTimeout(Duration.ofSeconds(90))
            .sourceIdleness(Duration.ofSeconds(1))
            .build();
    f.rule("team-usd", 1, "2026-01-01T00:00:00Z", Files.readString(TEAM));
    f.chart(LedgerITCase.CHART);
    f.accounts(team("A"), team("B"));
    List<?> events =
        List.of(
            event("a1", "A", "seats", "3", "2026-11-10T09:00:00Z"), // 3 × 30 × 21/30 = 63.00
            event("a2", "A", "api_calls", "50", "2026-11-12T09:00:00Z"), // 50.00
            event("a3", "A", "seats", "-1", "2026-11-20T09:00:00Z"), // −30 × 11/30 = −11.00
            event("b1", "B", "api_calls", "600", "2026-11-15T09:00:00Z"), // 600.00
            // December's first usage moves the watermark past November's end
            event("a4", "A", "api_calls", "1", "2026-12-02T09:00:00Z"),
            event("b2", "B", "api_calls", "1", "2026-12-02T09:00:00Z"));

    Map<String, Long> streamed = new TreeMap<>();
    JobClient job = startJob(config);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      int sent = f.events(events);
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      List<Charge> charges =
          PipelineFixture.await(
              kafka,
              config.chargesTopic(),
              Charge.class,
              c ->
                  c.stream().filter(x -> x.getEventId().startsWith("period:")).count() == 3
                      && c.stream().anyMatch(x -> x.getEventId().equals("minimum:2026-11:close")));
      // The GL books the true-up and the seat removed on lines of their own (New York's November
      // days have closed: the watermark is past December 1st)
      List<JournalEntry> journal =
          PipelineFixture.await(
              kafka,
              config.journalTopic(),
              JournalEntry.class,
              j ->
                  line(j, "minimum_spend", "MINIMUM_COMMITMENT_REVENUE") != null
                      && line(j, "seats", "PRORATION_CREDITS") != null);
      JobWatch.stop(job);
      assertThat(line(journal, "minimum_spend", "MINIMUM_COMMITMENT_REVENUE").getCreditMinor())
          .isEqualTo(29_800L);
      assertThat(line(journal, "seats", "PRORATION_CREDITS").getDebitMinor()).isEqualTo(1_100L);
      assertThat(tally.keptRejections()).isEmpty();
      assertThat(tally.rated()).isEqualTo(sent); // period charges are not rated events
      charges.forEach(
          c -> streamed.put(c.getAccountId() + " " + c.getEventId(), c.getAmountMinor()));
    } finally {
      JobWatch.stop(job);
    }

    long nov1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    assertThat(streamed)
        .isEqualTo(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("A plan:fee:platform@team-usd:" + nov1 + ":start", 10_000L),
                    Map.entry("A a1", 6_300L),
                    Map.entry("A a2", 5_000L),
                    Map.entry("A a3", -1_100L),
                    Map.entry("A a4", 100L),
                    Map.entry("A period:fee:platform@team-usd:2026-12", 10_000L),
                    Map.entry("A period:seats:2026-12", 6_000L),
                    // 100 + 63 + 50 − 11 = 202 spent in November: 298 brings it to 500
                    Map.entry("A minimum:2026-11:close", 29_800L),
                    Map.entry("B plan:fee:platform@team-usd:" + nov1 + ":start", 10_000L),
                    Map.entry("B b1", 60_000L),
                    Map.entry("B b2", 100L),
                    Map.entry("B period:fee:platform@team-usd:2026-12", 10_000L))));

    // The same usage in files, rated offline as of the same point in event time
    Files.createDirectories(dir.resolve("rules"));
    Files.copy(TEAM, dir.resolve("rules/team-usd.yaml"));
    Files.writeString(
        dir.resolve("accounts.jsonl"),
        """
        {"account_id":"A","plan":"team","segment":"smb","currency":"USD","effective_time":"2026-11-01T00:00:00Z"}
        {"account_id":"B","plan":"team","segment":"smb","currency":"USD","effective_time":"2026-11-01T00:00:00Z"}
        """);
    StringBuilder lines = new StringBuilder();
    for (Object o : events) {
      var e = (io.rateflow.avro.ActivityEvent) o;
      lines.append(
          String.format(
              "{\"event_id\":\"%s\",\"account_id\":\"%s\",\"meter\":\"%s\",\"quantity\":\"%s\",\"event_time\":\"%s\"}%n",
              e.getEventId(),
              e.getAccountId(),
              e.getMeter(),
              e.getQuantity().toPlainString(),
              e.getEventTime()));
    }
    Files.writeString(dir.resolve("events.jsonl"), lines);
    TestStreamEnvironment.unsetAsContext(); // rate runs its own local Flink, not the test's cluster
    OfflineRating.Result offline =
        OfflineRating.rate(
            dir.resolve("rules"),
            dir.resolve("accounts.jsonl"),
            dir.resolve("events.jsonl"),
            2,
            Instant.parse("2026-12-02T00:00:00Z"));
    Map<String, Long> rated = new TreeMap<>();
    offline
        .charges()
        .forEach(c -> rated.put(c.getAccountId() + " " + c.getEventId(), c.getAmountMinor()));
    assertThat(offline.rejected()).isEmpty();
    assertThat(rated).isEqualTo(streamed);
  }

  /** The line of {@code role} in account A's summary of {@code product}, or null. */
  private static JournalLine line(List<JournalEntry> journal, String product, String role) {
    return journal.stream()
        .filter(e -> e.getKind().equals("SUMMARY") && e.getAccountId().equals("A"))
        .flatMap(e -> e.getLines().stream())
        .filter(l -> l.getRole().equals(role) && l.getDimensions().getProduct().equals(product))
        .findFirst()
        .orElse(null);
  }

  private static AccountProfile team(String id) {
    return AccountProfile.newBuilder(account(id, "USD", "smb", AccountStatus.ACTIVE))
        .setPlan("team")
        .setEffectiveTime(Instant.parse("2026-11-01T00:00:00Z"))
        .build();
  }
}

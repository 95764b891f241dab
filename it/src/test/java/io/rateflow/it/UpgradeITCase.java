package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.RestorePoint;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Upgrades keep the state: stop with a savepoint and restore at parallelism 2 → 1 → 2, then restore
 * a retained checkpoint into a new job. Tier positions and de-duplication carry over every step.
 */
class UpgradeITCase extends KafkaFlinkTestBase {
  static final int ACCOUNTS = 6;

  @Test
  void savepointsRescaleTwoOneTwoAndARetainedCheckpointStartsANewJob() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "upgrade");
    RatingConfig config = f.config.toBuilder().pendingTimeout(Duration.ofSeconds(30)).build();
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    List<io.rateflow.avro.AccountProfile> profiles = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      profiles.add(account("a" + i, "USD", "smb", AccountStatus.ACTIVE));
    }
    profiles.add(account("T", "USD", "smb", AccountStatus.ACTIVE));
    f.accounts(profiles.toArray(io.rateflow.avro.AccountProfile[]::new));
    String savepoints =
        checkpoints.resolveSibling(checkpoints.getFileName() + "-savepoints").toUri().toString();
    List<ActivityEvent> charged = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5);
    int sent = 0;

    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      // 1: parallelism 2; account T reaches 60 calls of the first tier (100 at 0.10)
      JobClient job = start(config, 2, null);
      sent +=
          send(
              f,
              charged,
              random,
              100,
              1,
              event("t1", "T", "api_calls", "60", "2026-11-20T00:00:00Z"));
      awaitAccounted(job, tally, sent);
      String first =
          job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
              .get(2, TimeUnit.MINUTES);

      // 2: parallelism 1 from the savepoint; T crosses into the second tier: P(110) − P(60) = 10.50
      // − 6.00
      job = start(config, 1, first);
      sent +=
          send(
              f,
              charged,
              random,
              100,
              2,
              event("t2", "T", "api_calls", "50", "2026-11-20T01:00:00Z"));
      awaitAccounted(job, tally, sent);
      String second =
          job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
              .get(2, TimeUnit.MINUTES);

      // 3: parallelism 2 again; t1 sent again is a duplicate; T pays the second tier: 10 × 0.05
      job = start(config, 2, second);
      sent +=
          send(
              f,
              charged,
              random,
              100,
              3,
              event("t3", "T", "api_calls", "10", "2026-11-20T02:00:00Z"));
      sent += f.events(List.of(event("t1", "T", "api_calls", "60", "2026-11-20T00:00:00Z")));
      awaitAccounted(job, tally, sent);
      // everything so far is committed, so a checkpoint after it has completed: cancel and keep it
      String jobId = job.getJobID().toHexString();
      JobWatch.stop(job);
      RestorePoint retained =
          RestorePoint.checkpoints(checkpoints, jobId).stream()
              .max(Comparator.comparing(RestorePoint::completed))
              .orElseThrow();

      // 4: a new job from the retained checkpoint; t3 again is a duplicate
      job = start(config, 2, retained.dir().toString());
      try {
        sent +=
            send(
                f,
                charged,
                random,
                100,
                4,
                event("t4", "T", "api_calls", "4", "2026-11-20T03:00:00Z"));
        sent += f.events(List.of(event("t3", "T", "api_calls", "10", "2026-11-20T02:00:00Z")));
        awaitAccounted(job, tally, sent);
      } finally {
        JobWatch.stop(job);
      }

      assertThat(tally.duplicateChargeIds()).isZero();
      Map<String, Long> amounts =
          tally.keptCharges().stream()
              .collect(
                  Collectors.toMap(
                      c -> c.getAccountId() + "/" + c.getEventId(),
                      Charge::getAmountMinor,
                      (a, b) -> {
                        throw new AssertionError("an event charged twice");
                      },
                      TreeMap::new));
      assertThat(amounts).isEqualTo(expectedAmounts(charged));
      assertThat(amounts)
          .containsEntry("T/t1", 600L)
          .containsEntry("T/t2", 450L)
          .containsEntry("T/t3", 50L)
          .containsEntry("T/t4", 20L);
      assertThat(tally.keptRejections())
          .extracting(RejectedEvent::getEventId, RejectedEvent::getReasonCode)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("t1", "DUPLICATE"),
              org.assertj.core.groups.Tuple.tuple("t3", "DUPLICATE"));
      assertThat(tally.rated() + tally.rejectedEvents()).isEqualTo(sent);
    }
  }

  private JobClient start(RatingConfig config, int parallelism, String restoreFrom)
      throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (restoreFrom != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
      conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  private static void awaitAccounted(JobClient job, OutputTally tally, int sent) throws Exception {
    assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
        .as("rejections so far: %s", tally.keptRejections())
        .isEqualTo(JobWatch.Outcome.ACCOUNTED);
  }

  /** {@code n} events over the other accounts, in run {@code run}'s hour, and {@code extra}. */
  private static int send(
      PipelineFixture f,
      List<ActivityEvent> charged,
      SplittableRandom random,
      int n,
      int run,
      ActivityEvent extra) {
    List<Object> batch = new ArrayList<>();
    Instant base = Instant.parse("2026-11-20T00:00:00Z").plusSeconds(3600L * (run - 1));
    for (int i = 0; i < n; i++) {
      batch.add(
          event(
              "r" + run + "-" + i,
              "a" + random.nextInt(ACCOUNTS),
              "api_calls",
              Integer.toString(1 + random.nextInt(9)),
              base.plusSeconds(i).toString()));
    }
    batch.add(extra);
    batch.forEach(e -> charged.add((ActivityEvent) e));
    return f.events(batch);
  }

  private static Map<String, Long> expectedAmounts(List<ActivityEvent> events) {
    Map<String, Long> usage = new HashMap<>();
    Map<String, Long> out = new TreeMap<>();
    for (ActivityEvent e : events) {
      long before = usage.getOrDefault(e.getAccountId(), 0L);
      long after = before + e.getQuantity().longValueExact();
      usage.put(e.getAccountId(), after);
      out.put(e.getAccountId() + "/" + e.getEventId(), price(after) - price(before));
    }
    return out;
  }

  private static long price(long u) {
    return 10 * Math.min(u, 100) + 5 * Math.max(u - 100, 0);
  }
}

package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A job that starts without state reads the accounts and pricing rules from their first record,
 * even when its consumer group has committed offsets at their end: otherwise every event after a
 * restart without state is UNKNOWN_ACCOUNT.
 */
class ReferenceTopicsITCase extends KafkaFlinkTestBase {
  private JobClient start(RatingConfig config) throws Exception {
    // a fresh checkpoint directory per run: the second run has no state to resume from
    Configuration conf =
        RatingJob.flinkConfiguration(
            config, checkpoints.resolve("run-" + System.nanoTime()).toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  @Test
  void aJobWithoutStateReadsAccountsAndRulesFromTheStartWhateverTheGroupCommitted()
      throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "reference");
    RatingConfig config = f.config.toBuilder().allowedLateness(Duration.ofDays(60)).build();
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("B", "USD", "smb", AccountStatus.ACTIVE));

    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      JobClient first = start(config);
      try {
        int sent =
            f.events(
                List.of(
                    event("r1-a", "A", "storage_gb", "1", "2026-11-10T10:00:00Z"),
                    event("r1-b", "B", "storage_gb", "2", "2026-11-10T10:00:00Z")));
        assertThat(JobWatch.awaitAccounted(first, tally, sent, Duration.ofSeconds(90), n -> {}))
            .isEqualTo(JobWatch.Outcome.ACCOUNTED);
        // The precondition of the defect: the group's committed offsets are at the end of the
        // reference topics (committed by the sources on checkpoints).
        awaitCommittedAtEnd(
            config, Set.of(config.accountsTopic(), config.rulesTopic(), config.eventsTopic()));
      } finally {
        JobWatch.stop(first);
      }
      assertThat(tally.rated()).as("first run, rejected: %s", tally.keptRejections()).isEqualTo(2);

      // Second run on the same group, without state: only new events on the events topic.
      JobClient second = start(config);
      try {
        List<Object> more = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          more.add(
              event("r2-" + i, i % 2 == 0 ? "A" : "B", "storage_gb", "1", "2026-11-11T10:00:00Z"));
        }
        int sent = f.events(more);
        assertThat(
                JobWatch.awaitAccounted(second, tally, 2 + sent, Duration.ofSeconds(90), n -> {}))
            .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      } finally {
        JobWatch.stop(second);
      }
      tally.poll(Duration.ofSeconds(1));
      assertThat(tally.rejectedByReason()).as("rejections: %s", tally.keptRejections()).isEmpty();
      Map<String, Long> secondRun =
          tally.keptCharges().stream()
              .filter(c -> c.getEventId().startsWith("r2-"))
              .collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor));
      // 10 events, each charged once; the events topic resumed from the group's offsets, so the
      // first run's events were not read again (which would make them DUPLICATE-free re-charges).
      assertThat(secondRun).hasSize(10);
      assertThat(tally.keptCharges()).filteredOn(c -> c.getEventId().startsWith("r1-")).hasSize(2);
      assertThat(tally.duplicateChargeIds()).isZero();
    }
  }

  /** Waits until the group has committed, for every partition of these topics, its end offset. */
  private static void awaitCommittedAtEnd(RatingConfig config, Set<String> topics)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> wanted =
            admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(
                    d ->
                        d.partitions().stream()
                            .map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(wanted).all().get();
        // rules are published in a transaction, whose commit marker takes the last offset
        boolean atEnd =
            ends.entrySet().stream()
                .allMatch(
                    e -> {
                      long end = e.getValue().offset();
                      OffsetAndMetadata c = committed.get(e.getKey());
                      long past = e.getKey().topic().equals(config.rulesTopic()) ? end - 1 : end;
                      return end == 0 || (c != null && c.offset() >= past);
                    });
        if (atEnd) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the group "
                  + config.groupId()
                  + " committed "
                  + committed
                  + ", end offsets "
                  + ends);
        }
        Thread.sleep(200);
      }
    }
  }
}

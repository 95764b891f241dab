package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.kafka.Topics;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Output records carry the time they were produced, so the broker's time-based retention counts
 * from when a charge was written, not from when its usage happened.
 */
class OutputRetentionITCase extends KafkaFlinkTestBase {
  static final long WEEK_MS = Duration.ofDays(7).toMillis();
  static final String PROBE_TOPIC = "retention-probe";

  static final String USD =
      """
      id: it-usd
      version: 1
      effective_from: 2020-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: per_unit
            unit_price: 0.10
      """;

  /**
   * Supersedes the base class's broker (same name): this one runs its retention check every half
   * second from the start, instead of every five minutes after thirty seconds.
   */
  @BeforeAll
  static void startKafka() {
    kafka =
        EmbeddedKafka.start(
            Map.of("log.retention.check.interval.ms", "500", "log.initial.task.delay.ms", "0"));
  }

  @Test
  void theChargeOfAFortyDayOldEventOutlivesASevenDayRetention() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "retention");
    // The probe's current time moves the watermark: the old event must stay within the lateness.
    RatingConfig config = f.config.toBuilder().allowedLateness(Duration.ofDays(60)).build();
    Instant testStart = Instant.now().minusSeconds(1);
    Instant fortyDaysAgo = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
      retainForAWeek(
          admin,
          List.of(
              config.chargesTopic(),
              config.rejectedTopic(),
              config.movementsTopic(),
              config.journalTopic()));
      admin
          .createTopics(
              List.of(
                  new NewTopic(PROBE_TOPIC, 1, (short) 1)
                      .configs(Map.of("retention.ms", Long.toString(WEEK_MS)))))
          .all()
          .get();
      f.rule("it-usd", 1, "2020-01-01T00:00:00Z", USD);
      f.accounts(
          account("A", "USD", "smb", AccountStatus.ACTIVE),
          account("P", "USD", "smb", AccountStatus.ACTIVE));

      JobClient job = start(config);
      try {
        // A probe first, so that the profiles and the rule are in the operator and the old event is
        // rated as it arrives (an event held and released later would carry another time).
        f.events(List.of(event("probe", "P", "api_calls", "1", Instant.now().toString())));
        PipelineFixture.await(kafka, config.chargesTopic(), Charge.class, l -> !l.isEmpty());
        f.events(List.of(event("old", "A", "api_calls", "7", fortyDaysAgo.toString())));
        List<Charge> charged =
            PipelineFixture.await(
                kafka,
                config.chargesTopic(),
                Charge.class,
                l -> l.stream().anyMatch(c -> c.getEventId().equals("old")));
        assertThat(charged)
            .filteredOn(c -> c.getEventId().equals("old"))
            .singleElement()
            .satisfies(c -> assertThat(c.getAmountMinor()).isEqualTo(70L));
        assertThat(timestamps(config.chargesTopic()))
            .as("Kafka timestamps of the charge records")
            .isNotEmpty()
            .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(testStart.toEpochMilli()));

        // A record as old as the event, written after the charge was committed, on a topic with the
        // same retention: once the broker has deleted it, a retention check has also run over the
        // charge.
        try (KafkaProducer<byte[], byte[]> p =
            new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          p.send(
                  new ProducerRecord<>(
                      PROBE_TOPIC, 0, fortyDaysAgo.toEpochMilli(), null, new byte[] {1}))
              .get();
        }
        awaitDeleted(admin, new TopicPartition(PROBE_TOPIC, 0));

        List<Charge> kept =
            TopicSnapshot.read(
                kafka.bootstrapServers(),
                Map.of(),
                config.chargesTopic(),
                Charge.class,
                Duration.ofSeconds(30));
        assertThat(kept)
            .extracting(Charge::getChargeId)
            .containsExactlyInAnyOrderElementsOf(
                charged.stream().map(Charge::getChargeId).toList());
      } finally {
        JobWatch.stop(job);
      }
    }
  }

  private JobClient start(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  /** The Kafka timestamps of a topic's committed records. */
  private static List<Long> timestamps(String topic) {
    List<Long> out = new java.util.ArrayList<>();
    Topics.with(Map.of("bootstrap.servers", kafka.bootstrapServers()))
        .forEachCommitted(
            topic,
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer(),
            Duration.ofSeconds(30),
            r -> out.add(r.timestamp()));
    return out;
  }

  private static void retainForAWeek(Admin admin, List<String> topics) throws Exception {
    Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new java.util.HashMap<>();
    for (String t : topics) {
      changes.put(
          new ConfigResource(ConfigResource.Type.TOPIC, t),
          List.of(
              new AlterConfigOp(
                  new ConfigEntry("retention.ms", Long.toString(WEEK_MS)),
                  AlterConfigOp.OpType.SET)));
    }
    admin.incrementalAlterConfigs(changes).all().get();
  }

  /** Waits, with a deadline, until the partition's first record is gone. */
  private static void awaitDeleted(Admin admin, TopicPartition tp) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      long earliest =
          admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
      if (earliest > 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the broker's retention check did not delete the probe record within 60 s");
      }
      Thread.sleep(200);
    }
  }
}

package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.job.KafkaIO;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.job.RatingPipeline;
import io.rateflow.job.RawRecord;
import io.rateflow.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Start-up order (issue 9): with two versions of a rule set and every event already on their topics
 * before the job starts, every start prices every event by the version in force at its event time,
 * never by v1 because v2 was not read yet. The rules topic has two partitions, and an aborted
 * transaction at its end (offsets that are never delivered), as a transactional publisher leaves
 * it. Run with {@code -Dstartup.without-catch-up=true} to see the test fail without the wait (about
 * half of the starts price some events after v2's start by v1).
 */
class StartupOrderITCase extends KafkaFlinkTestBase {
  static final int STARTS = 20;

  /** Per-unit prices, so every event's exact amount follows from its time alone. */
  static final String USD_V1 =
      """
      id: so-usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: per_unit
            unit_price: 0.10
      """;

  static final String USD_V2 =
      USD_V1
          .replace("version: 1", "version: 2")
          .replace("effective_from: 2026-01-01T00:00:00Z", "effective_from: 2026-11-15T00:00:00Z")
          .replace("unit_price: 0.10", "unit_price: 0.20");
  static final String USD_V3_ABORTED =
      USD_V1
          .replace("version: 1", "version: 3")
          .replace("effective_from: 2026-01-01T00:00:00Z", "effective_from: 2026-11-01T00:00:00Z")
          .replace("unit_price: 0.10", "unit_price: 9.99");
  static final String EUR_V1 =
      USD_V1.replace("id: so-usd", "id: so-eur").replace("currency: USD", "currency: EUR");
  static final Instant V2_FROM = Instant.parse("2026-11-15T00:00:00Z");

  @Test
  void everyStartPricesEveryEventByTheVersionInForceAtItsTime() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "startup");
    String rulesTopic = "startup-rules-2p";
    kafka.createTopics(Map.of(rulesTopic, 2));
    RatingConfig inputs = f.config.toBuilder().rulesTopic(rulesTopic).build();
    publishRules(rulesTopic);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("B", "USD", "smb", AccountStatus.ACTIVE),
        account("C", "USD", "enterprise", AccountStatus.ACTIVE),
        account("D", "USD", "smb", AccountStatus.ACTIVE));
    List<ActivityEvent> events = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    Map<String, Long> expectedVersion = new HashMap<>();
    Instant t = Instant.parse("2026-11-13T00:00:00Z");
    for (int i = 0; i < 48; i++) {
      String account = String.valueOf((char) ('A' + i % 4));
      Instant at =
          t.plus(Duration.ofHours(2 * i)); // 13 Nov to 17 Nov: half of them after v2's start
      int quantity = 1 + i % 7;
      events.add(event("e" + i, account, "api_calls", Integer.toString(quantity), at.toString()));
      boolean v2 = !at.isBefore(V2_FROM);
      expected.put("e" + i, quantity * (v2 ? 20L : 10L));
      expectedVersion.put("e" + i, v2 ? 2L : 1L);
    }
    f.events(events);

    List<String> wrong = new ArrayList<>();
    for (int start = 0; start < STARTS; start++) {
      String name = "startup-" + start;
      RatingConfig config =
          inputs.toBuilder()
              .groupId(name)
              .transactionalIdPrefix(name)
              .chargesTopic(name + "-charges")
              .rejectedTopic(name + "-rejected")
              .bounded(true)
              .pendingTimeout(Duration.ofSeconds(30))
              .allowedLateness(Duration.ofDays(60))
              .ledgerEnabled(false)
              .build();
      kafka.createTopics(Map.of(config.chargesTopic(), 2, config.rejectedTopic(), 1));
      run(config);

      List<Charge> charges =
          TopicSnapshot.read(
              kafka.bootstrapServers(),
              Map.of(),
              config.chargesTopic(),
              Charge.class,
              Duration.ofSeconds(30));
      List<RejectedEvent> rejected =
          TopicSnapshot.read(
              kafka.bootstrapServers(),
              Map.of(),
              config.rejectedTopic(),
              RejectedEvent.class,
              Duration.ofSeconds(30));
      assertThat(rejected).as("start %d", start).isEmpty();
      assertThat(charges).as("start %d", start).hasSize(events.size());
      for (Charge c : charges) {
        if (c.getAmountMinor() != expected.get(c.getEventId())
            || c.getRuleVersion() != expectedVersion.get(c.getEventId())) {
          wrong.add(
              "start "
                  + start
                  + ": "
                  + c.getEventId()
                  + " at "
                  + c.getEventTime()
                  + " charged "
                  + c.getAmountMinor()
                  + " by v"
                  + c.getRuleVersion()
                  + ", expected "
                  + expected.get(c.getEventId()));
        }
      }
      assertThat(charges).extracting(Charge::getEventId).doesNotHaveDuplicates();
    }
    assertThat(wrong).as("charges priced by the wrong version").isEmpty();
  }

  /**
   * The job's rating pipeline on Kafka, with the start-up wait on, bounded: it ends at the topics'
   * ends.
   */
  private void run(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // the order of the inputs is what is tested, not the state backend: heap state starts faster
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    RatingPipeline.Inputs inputs =
        new RatingPipeline.Inputs(
            source(env, config, config.eventsTopic(), "events"),
            source(env, config, config.accountsTopic(), "accounts"),
            source(env, config, config.rulesTopic(), "rules"));
    RatingPipeline.Outputs out =
        RatingPipeline.build(
            Boolean.getBoolean("startup.without-catch-up") ? inputs : inputs.withRulesCatchUp(),
            config);
    out.charges()
        .sinkTo(
            KafkaIO.sink(
                config, config.chargesTopic(), Charge.class, Charge::getAccountId, "charges"))
        .uid("sink-charges");
    out.rejected()
        .sinkTo(
            KafkaIO.sink(
                config,
                config.rejectedTopic(),
                RejectedEvent.class,
                RejectedEvent::getAccountId,
                "rejected"))
        .uid("sink-rejected");
    env.execute(config.groupId());
  }

  private static DataStream<RawRecord> source(
      StreamExecutionEnvironment env, RatingConfig config, String topic, String name) {
    return env.fromSource(
            KafkaIO.source(config, topic), WatermarkStrategy.noWatermarks(), "kafka: " + topic)
        .uid("source-" + name);
  }

  /**
   * v1 and v2 of so-usd on partition 0, a EUR rule set on partition 1, in one committed transaction
   * each; then an aborted transaction on both partitions (a v3 that must never apply).
   */
  private static void publishRules(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("transactional.id", "startup-rules-publisher");
    AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              topic,
              0,
              key("so-usd"),
              codec.encode(rule("so-usd", 1, "2026-01-01T00:00:00Z", USD_V1))));
      producer.send(
          new ProducerRecord<>(
              topic,
              1,
              key("so-eur"),
              codec.encode(rule("so-eur", 1, "2026-01-01T00:00:00Z", EUR_V1))));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              topic,
              0,
              key("so-usd"),
              codec.encode(rule("so-usd", 2, V2_FROM.toString(), USD_V2))));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              topic,
              0,
              key("so-usd"),
              codec.encode(rule("so-usd", 3, "2026-11-01T00:00:00Z", USD_V3_ABORTED))));
      producer.send(
          new ProducerRecord<>(
              topic,
              1,
              key("so-usd"),
              codec.encode(rule("so-usd", 3, "2026-11-01T00:00:00Z", USD_V3_ABORTED))));
      producer.flush();
      producer.abortTransaction();
    }
  }

  private static byte[] key(String id) {
    return ("PRICING/" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static PricingRule rule(String id, long version, String from, String document) {
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId(id)
        .setVersion(version)
        .setEffectiveFrom(Instant.parse(from))
        .setDocument(document)
        .setSourceName(id + "-v" + version + ".yaml")
        .setPublishedAt(Instant.now())
        .setPublishedBy("test")
        .build();
  }
}

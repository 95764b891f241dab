package io.rateflow.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker part of {@code status} against a real in-process broker: lag per input and rules in
 * force.
 */
class KafkaProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private static EmbeddedKafka kafka;
  private static RatingConfig config;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
    config = RatingConfig.defaults(kafka.bootstrapServers());
    kafka.createTopics(
        Map.of(
            config.eventsTopic(),
            2,
            config.rulesTopic(),
            1,
            config.balanceCommandsTopic(),
            1,
            config.estimateRequestsTopic(),
            1));
    kafka.createCompactedTopics(Map.of(config.accountsTopic(), 1));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void lagIsTheCommittedEndMinusTheGroupsCommittedOffsetsPerTopicAndInTotal() throws Exception {
    // 30 events on partition 0, 12 on partition 1, 5 accounts, each in one transaction: its commit
    // marker takes an offset too (31, 13, 6). A transaction left open adds records that a
    // read_committed source cannot reach yet, so they are no lag.
    send(config.eventsTopic(), 0, 30);
    send(config.eventsTopic(), 1, 12);
    send(config.accountsTopic(), 0, 5);
    try (KafkaProducer<String, String> open = transactional("status-test-open")) {
      open.initTransactions();
      open.beginTransaction();
      for (int i = 0; i < 7; i++) {
        open.send(new ProducerRecord<>(config.eventsTopic(), 1, "acct", "pending")).get();
      }
      // As the job's source does on each completed checkpoint: commit the group's positions (20
      // records read on partition 0; partition 1 read to its end, past the commit marker).
      commit(
          Map.of(
              new TopicPartition(config.eventsTopic(), 0),
              20L,
              new TopicPartition(config.eventsTopic(), 1),
              13L));

      KafkaStatus s = KafkaProbe.probe(config, NOW, TIMEOUT);

      assertThat(s.error()).isNull();
      TopicLag events = lagOf(s, config.eventsTopic());
      assertThat(events.partitions()).isEqualTo(2);
      assertThat(events.end()).isEqualTo(44);
      assertThat(events.committed()).isEqualTo(33);
      assertThat(events.lag()).isEqualTo(11);
      assertThat(events.uncommittedPartitions()).isZero();
      // Nothing committed on accounts yet: the whole partition is still to read.
      TopicLag accounts = lagOf(s, config.accountsTopic());
      assertThat(accounts.lag()).isEqualTo(6);
      assertThat(accounts.uncommittedPartitions()).isEqualTo(1);
      assertThat(lagOf(s, config.balanceCommandsTopic()).lag()).isZero();
      assertThat(s.lag())
          .extracting(TopicLag::topic)
          .containsExactly(
              config.eventsTopic(),
              config.accountsTopic(),
              config.rulesTopic(),
              config.balanceCommandsTopic(),
              config.estimateRequestsTopic());
      assertThat(s.totalLag()).isEqualTo(11 + 6 + lagOf(s, config.rulesTopic()).lag());
      open.abortTransaction();
    }
  }

  @Test
  void rulesInForceAreJudgedAsTheJobJudgesThem() {
    Producers.publishRules(
        kafka.bootstrapServers(),
        Map.of(),
        config.rulesTopic(),
        List.of(
            pricing("usd", 1, "2026-01-01T00:00:00Z", "0.10"),
            pricing("usd", 2, "2026-06-01T00:00:00Z", "0.08"),
            pricing("usd", 3, "2026-09-01T00:00:00Z", "0.07"),
            // a broken document that reached the topic by other means: the job rejects it
            pricing("usd", 4, "2026-07-01T00:00:00Z", "-1"),
            pricing("eur", 1, "2027-01-01T00:00:00Z", "0.09")));

    KafkaStatus s = KafkaProbe.probe(config, NOW, TIMEOUT);

    assertThat(s.rulesError()).isNull();
    RuleSetState usd =
        s.rules().stream().filter(r -> r.id().equals("usd")).findFirst().orElseThrow();
    assertThat(usd.kind()).isEqualTo("PRICING");
    assertThat(usd.inForce().version()).isEqualTo(2);
    assertThat(usd.scheduled()).extracting(RuleVersion::version).containsExactly(3L);
    assertThat(usd.rejected()).extracting(RuleSetState.Rejected::version).containsExactly(4L);
    RuleSetState eur =
        s.rules().stream().filter(r -> r.id().equals("eur")).findFirst().orElseThrow();
    assertThat(eur.inForce()).isNull();
    assertThat(eur.scheduled()).extracting(RuleVersion::version).containsExactly(1L);

    String text =
        new StatusReport(
                NOW, FlinkStatus.unreachable("jm:8081", "Flink at jm:8081 did not answer"), s, 0)
            .text();
    assertThat(text)
        .contains("Flink at jm:8081 did not answer")
        .containsPattern(
            "PRICING +usd +v2 since 2026-06-01T00:00:00Z; v3 from 2026-09-01T00:00:00Z; v4 REJECTED by the job")
        .containsPattern("PRICING +eur +none in force; v1 from 2027-01-01T00:00:00Z");
  }

  @Test
  void aBrokerThatDoesNotAnswerIsSaidInOneLine() {
    RatingConfig nowhere = RatingConfig.defaults("127.0.0.1:1");

    KafkaStatus s = KafkaProbe.probe(nowhere, NOW, Duration.ofSeconds(2));

    assertThat(s.answered()).isFalse();
    assertThat(s.error())
        .startsWith("Kafka at 127.0.0.1:1 did not answer within 2 s")
        .doesNotContain("\n");
  }

  @Test
  void aMissingInputTopicIsNamedWithItsKey() {
    RatingConfig wrong = config.toBuilder().balanceCommandsTopic("no-such-topic").build();

    KafkaStatus s = KafkaProbe.probe(wrong, NOW, TIMEOUT);

    assertThat(s.answered()).isFalse();
    assertThat(s.error())
        .contains("input topic 'no-such-topic' (topic.balance-commands) does not exist");
  }

  private static PricingRule pricing(String id, long version, String from, String unitPrice) {
    String doc =
        """
        id: %s
        version: %d
        effective_from: %s
        currency: %s
        meters:
          api_calls:
            unit: call
            aggregation: sum
            price:
              model: per_unit
              unit_price: %s
        """
            .formatted(id, version, from, id.toUpperCase(), unitPrice);
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId(id)
        .setVersion(version)
        .setEffectiveFrom(Instant.parse(from))
        .setDocument(doc)
        .setSourceName(id + "-v" + version + ".yaml")
        .setPublishedAt(NOW)
        .setPublishedBy("test")
        .build();
  }

  private static TopicLag lagOf(KafkaStatus s, String topic) {
    return s.lag().stream().filter(t -> t.topic().equals(topic)).findFirst().orElseThrow();
  }

  private static void send(String topic, int partition, int n) throws Exception {
    try (KafkaProducer<String, String> p = transactional("status-test-" + topic)) {
      p.initTransactions();
      p.beginTransaction();
      for (int i = 0; i < n; i++) {
        p.send(new ProducerRecord<>(topic, partition, "acct-" + i, "v" + i));
      }
      p.commitTransaction();
    }
  }

  private static KafkaProducer<String, String> transactional(String id) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("transactional.id", id);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static void commit(Map<TopicPartition, Long> offsets) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> m = new java.util.HashMap<>();
      offsets.forEach((tp, o) -> m.put(tp, new OffsetAndMetadata(o)));
      admin.alterConsumerGroupOffsets(config.groupId(), m).all().get(30, TimeUnit.SECONDS);
    }
  }
}

package io.rateflow.it;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.run.Producers;
import io.rateflow.cli.run.TopicLayout;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One isolated set of topics on the shared broker, and ways to fill them. */
final class PipelineFixture {
  final RatingConfig config;
  private final EmbeddedKafka kafka;

  PipelineFixture(EmbeddedKafka kafka, String name) {
    this.kafka = kafka;
    this.config =
        RatingConfig.defaults(kafka.bootstrapServers()).toBuilder()
            .eventsTopic(name + "-events")
            .accountsTopic(name + "-accounts")
            .rulesTopic(name + "-rules")
            .chargesTopic(name + "-charges")
            .rejectedTopic(name + "-rejected")
            .rejectedRulesTopic(name + "-rejected-rules")
            .balanceCommandsTopic(name + "-balance-commands")
            .estimateRequestsTopic(name + "-estimate-requests")
            .estimateResponsesTopic(name + "-estimate-responses")
            .movementsTopic(name + "-movements")
            .triggersTopic(name + "-triggers")
            .balancesTopic(name + "-balances")
            .journalTopic(name + "-journal")
            .journalDetailTopic(name + "-journal-detail")
            .analyticsTopic(name + "-analytics")
            .correctionsTopic(name + "-corrections")
            .ledgerRejectedTopic(name + "-ledger-rejected")
            .groupId(name)
            .transactionalIdPrefix(name)
            .checkpointInterval(Duration.ofMillis(300))
            .pendingTimeout(Duration.ofSeconds(2))
            .build();
    TopicLayout.create(kafka, config, 2);
  }

  void rule(String id, long version, String effectiveFrom, String document) {
    PricingRule r =
        PricingRule.newBuilder()
            .setKind(RuleKind.PRICING)
            .setRuleSetId(id)
            .setVersion(version)
            .setEffectiveFrom(Instant.parse(effectiveFrom))
            .setDocument(document)
            .setSourceName(id + "-v" + version + ".yaml")
            .setPublishedAt(Instant.now())
            .setPublishedBy("test")
            .build();
    Producers.publishRules(kafka.bootstrapServers(), Map.of(), config.rulesTopic(), List.of(r));
  }

  /** Publishes a chart of accounts document (the ledger posts nothing without one). */
  void chart(java.nio.file.Path file) throws java.io.IOException {
    PricingRule r =
        PricingRule.newBuilder()
            .setKind(RuleKind.CHART_OF_ACCOUNTS)
            .setRuleSetId("rateflow-gl")
            .setVersion(1)
            .setEffectiveFrom(Instant.parse("2026-01-01T00:00:00Z"))
            .setDocument(java.nio.file.Files.readString(file))
            .setSourceName(file.getFileName().toString())
            .setPublishedAt(Instant.now())
            .setPublishedBy("test")
            .build();
    Producers.publishRules(kafka.bootstrapServers(), Map.of(), config.rulesTopic(), List.of(r));
  }

  static AccountProfile account(String id, String currency, String segment, AccountStatus status) {
    return AccountProfile.newBuilder()
        .setAccountId(id)
        .setPlan("payg")
        .setSegment(segment)
        .setCurrency(currency)
        .setStatus(status)
        .setTimeZone("UTC")
        .setGlCustomerCode("C-" + id)
        .setLegalEntity("RF-US")
        .setRegion("us")
        .setPrepaidOnly(false)
        .setCreditLimitMinor(0L)
        .setEffectiveTime(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  static ActivityEvent event(
      String id, String account, String meter, String quantity, String time) {
    return ActivityEvent.newBuilder()
        .setEventId(id)
        .setAccountId(account)
        .setMeter(meter)
        .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
        .setEventTime(Instant.parse(time))
        .setAttributes(Map.of())
        .setValue(null)
        .setUnitPrice(null)
        .setSource("it")
        .build();
  }

  void accounts(AccountProfile... profiles) {
    try (KafkaProducer<byte[], byte[]> p = Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      Producers.publishAccounts(p, config.accountsTopic(), List.of(profiles));
    }
  }

  /** Sends events (and raw byte records, for malformed input) in order; returns how many. */
  int events(List<?> records) {
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    try (KafkaProducer<byte[], byte[]> p = Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      for (Object o : records) {
        if (o instanceof ActivityEvent e) {
          p.send(
              new ProducerRecord<>(
                  config.eventsTopic(), Producers.bytes(e.getAccountId()), codec.encode(e)));
        } else {
          p.send(new ProducerRecord<>(config.eventsTopic(), null, (byte[]) o));
        }
      }
      p.flush();
    }
    return records.size();
  }

  /**
   * Reads a topic (read_committed) until {@code done} holds for what is there, failing after a
   * minute.
   */
  static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> await(
      EmbeddedKafka kafka, String topic, Class<T> type, java.util.function.Predicate<List<T>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      List<T> records =
          io.rateflow.cli.ledger.TopicSnapshot.read(
              kafka.bootstrapServers(), Map.of(), topic, type, Duration.ofSeconds(30));
      if (done.test(records)) {
        return records;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 90 s on " + topic + "; it has " + records);
      }
      Thread.sleep(300);
    }
  }

  /**
   * The configuration as the properties file a user writes for {@code run --config}: its topics,
   * group and transactional ids, 500 ms checkpoints and the given pending timeout.
   */
  static java.nio.file.Path writeProperties(
      RatingConfig c, java.nio.file.Path file, String pendingTimeout) throws java.io.IOException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("bootstrap.servers", c.bootstrapServers());
    io.rateflow.cli.topics.JobTopic.ALL.forEach(
        t -> p.setProperty(t.configKey(), t.name().apply(c)));
    p.setProperty("group.id", c.groupId());
    p.setProperty("transactional.id.prefix", c.transactionalIdPrefix());
    p.setProperty("checkpoint.interval", "500ms");
    p.setProperty("pending.timeout", pendingTimeout);
    try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
      p.store(w, "written by the test as a user would");
    }
    return file;
  }
}

package io.rateflow.job;

import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka sources and exactly-once sinks of the rating job, configured in one place. */
public final class KafkaIO {
  private KafkaIO() {}

  /** Client properties from the config: security settings and any other `kafka.` pass-through. */
  static Properties clientProperties(RatingConfig config) {
    Properties p = new Properties();
    config.kafkaProperties().forEach(p::setProperty);
    return p;
  }

  /**
   * Reads a topic as raw records. Where a job without state starts depends on what the topic is
   * ({@link #isReference}); a job restored from a checkpoint or savepoint resumes every topic from
   * the positions in its state, whatever this says.
   */
  public static KafkaSource<RawRecord> source(RatingConfig config, String topic) {
    return isReference(config, topic) ? referenceSource(config, topic) : eventSource(config, topic);
  }

  /**
   * Reference and configuration topics (accounts, pricing rules, promotions, chart of accounts):
   * the job's whole view of them is built from their records, so a job without state reads them
   * from the earliest offset, never from the group's committed offsets, which would skip every
   * profile and rule read by an earlier run.
   */
  public static KafkaSource<RawRecord> referenceSource(RatingConfig config, String topic) {
    return build(config, topic, OffsetsInitializer.earliest());
  }

  /**
   * Event-like topics (usage, balance commands, estimate requests): each record is acted on once,
   * so a job without state carries on from the group's committed offsets, or from the earliest
   * offset where the group has none.
   */
  public static KafkaSource<RawRecord> eventSource(RatingConfig config, String topic) {
    return build(config, topic, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
  }

  /** True for the topics whose every record is state the job must rebuild: accounts and rules. */
  public static boolean isReference(RatingConfig config, String topic) {
    return topic.equals(config.accountsTopic()) || topic.equals(config.rulesTopic());
  }

  private static KafkaSource<RawRecord> build(
      RatingConfig config, String topic, OffsetsInitializer start) {
    Properties p = clientProperties(config);
    // Upstream producers may write transactionally; never rate an aborted record.
    p.setProperty("isolation.level", "read_committed");
    KafkaSourceBuilder<RawRecord> b =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setTopics(topic)
            .setGroupId(config.groupId())
            .setStartingOffsets(start)
            .setDeserializer(new RawRecordDeserializer())
            .setProperties(p);
    if (config.bounded()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  /**
   * An EXACTLY_ONCE sink: records become visible to read_committed consumers when the checkpoint
   * that covers them completes. Each sink gets its own transactional id prefix.
   */
  public static <T extends SpecificRecordBase> KafkaSink<T> sink(
      RatingConfig config,
      String topic,
      Class<T> type,
      SerializableFunction<T, String> key,
      String name) {
    return sink(config, topic, type, key, name, DeliveryGuarantee.EXACTLY_ONCE);
  }

  /**
   * A sink with another guarantee; AT_LEAST_ONCE is for answers that must not wait for a checkpoint
   * (estimates), whose consumers de-duplicate by request id.
   */
  public static <T extends SpecificRecordBase> KafkaSink<T> sink(
      RatingConfig config,
      String topic,
      Class<T> type,
      SerializableFunction<T, String> key,
      String name,
      DeliveryGuarantee guarantee) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
        .setKafkaProducerConfig(sinkProperties(config))
        .build();
  }

  /**
   * The producers' properties: the pass-through settings and the configured transaction timeout.
   */
  static Properties sinkProperties(RatingConfig config) {
    Properties p = clientProperties(config);
    // transaction.timeout is the one source of truth (kafka.transaction.timeout.ms is its alias,
    // folded into it when the file is read): a second, different value here would be a bug.
    String given = p.getProperty(RatingConfig.KAFKA_TRANSACTION_TIMEOUT);
    long millis = config.transactionTimeout().toMillis();
    if (given != null && !given.trim().equals(Long.toString(millis))) {
      throw new IllegalArgumentException(
          "kafka."
              + RatingConfig.KAFKA_TRANSACTION_TIMEOUT
              + "="
              + given
              + " disagrees with transaction.timeout "
              + config.transactionTimeout()
              + "; set only one of them");
    }
    p.setProperty(RatingConfig.KAFKA_TRANSACTION_TIMEOUT, Long.toString(millis));
    return p;
  }
}

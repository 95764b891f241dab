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

  /** Reads a topic as raw records, from the committed offsets of the job's group or the start. */
  public static KafkaSource<RawRecord> source(RatingConfig config, String topic) {
    Properties p = clientProperties(config);
    // Upstream producers may write transactionally; never rate an aborted record.
    p.setProperty("isolation.level", "read_committed");
    KafkaSourceBuilder<RawRecord> b = KafkaSource.<RawRecord>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(topic)
        .setGroupId(config.groupId())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
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
      RatingConfig config, String topic, Class<T> type, SerializableFunction<T, String> key, String name) {
    return sink(config, topic, type, key, name, DeliveryGuarantee.EXACTLY_ONCE);
  }

  /**
   * A sink with another guarantee; AT_LEAST_ONCE is for answers that must not wait for a
   * checkpoint (estimates), whose consumers de-duplicate by request id.
   */
  public static <T extends SpecificRecordBase> KafkaSink<T> sink(RatingConfig config, String topic, Class<T> type,
      SerializableFunction<T, String> key, String name, DeliveryGuarantee guarantee) {
    Properties p = clientProperties(config);
    p.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
        .setKafkaProducerConfig(p)
        .build();
  }
}

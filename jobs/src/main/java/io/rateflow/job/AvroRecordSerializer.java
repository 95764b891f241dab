package io.rateflow.job;

import io.rateflow.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to one topic, keyed by account so that an account's records stay in order.
 *
 * <p>The Kafka timestamp is left to the producer, which stamps the time of writing. The stream's
 * timestamp is the event's time: the broker's time-based retention would then delete the committed
 * charge of a 40-day-old event at its next check (docs/operations.md, "Output timestamps").
 */
public final class AvroRecordSerializer<T extends SpecificRecordBase>
    implements KafkaRecordSerializationSchema<T> {
  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private transient AvroCodec<T> codec;

  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this.topic = topic;
    this.type = type;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long eventTimestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    String k = key.apply(element);
    Long producedNow = null;
    return new ProducerRecord<>(
        topic,
        null,
        producedNow,
        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
        codec.encode(element));
  }
}

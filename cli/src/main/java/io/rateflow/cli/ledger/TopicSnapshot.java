package io.rateflow.cli.ledger;

import io.rateflow.schema.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed on a topic up to now, read as a downstream consumer must read Rateflow's
 * exactly-once output: {@code read_committed}, from the beginning to the end offsets taken at the
 * start (so a busy topic still gives a finite, consistent snapshot).
 */
public final class TopicSnapshot {
  private TopicSnapshot() {}

  /**
   * @throws IllegalStateException naming topic, partition and offset of a record that does not decode
   */
  public static <T extends SpecificRecordBase> List<T> read(String bootstrap, Map<String, String> clientConfig,
      String topic, Class<T> type, Duration timeout) {
    Properties p = new Properties();
    p.putAll(clientConfig);
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    AvroCodec<T> codec = AvroCodec.of(type);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap);
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: nothing of an open transaction is waited for.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " did not reach its end offsets " + end + " within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          try {
            out.add(codec.decode(r.value()));
          } catch (Exception e) {
            throw new IllegalStateException(r.topic() + "/" + r.partition() + "@" + r.offset() + " is not a valid "
                + type.getSimpleName() + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return out;
  }
}

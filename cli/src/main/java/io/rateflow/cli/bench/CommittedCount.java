package io.rateflow.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records committed to some topics, read as a downstream consumer reads them ({@code
 * read_committed}) but without decoding them, so that counting costs the job under test as little
 * CPU as possible. An optional callback sees each record with the time its poll returned.
 */
final class CommittedCount implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Consumer<Seen> onRecord;
  private long count;

  /** A record as it became visible to a read_committed consumer, at {@code seenAtMillis}. */
  record Seen(ConsumerRecord<byte[], byte[]> record, long seenAtMillis) {}

  CommittedCount(String bootstrapServers, List<String> topics, Consumer<Seen> onRecord) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", "20000");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.onRecord = onRecord;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads what has been committed since the last call, waiting at most {@code wait}; returns the
   * total.
   */
  long poll(Duration wait) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(wait);
    long seenAt = System.currentTimeMillis();
    count += records.count();
    if (onRecord != null) {
      for (ConsumerRecord<byte[], byte[]> r : records) {
        onRecord.accept(new Seen(r, seenAt));
      }
    }
    return count;
  }

  long count() {
    return count;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}

package io.rateflow.cli.bench;

import io.rateflow.cli.topics.JobTopic;
import io.rateflow.job.RatingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records a job has written to its output topics: the sum of their committed end offsets
 * (the last stable offsets a {@code read_committed} reader sees), taken before and after a run. The
 * difference also counts one transaction marker per partition and checkpoint that wrote to it: a
 * few thousand against millions of records, so well below 0.1% at the bench's sizes.
 */
final class OutputOffsets {
  private OutputOffsets() {}

  /** The output topics of a job with this configuration (the ledger's only when it is on). */
  static List<String> outputTopics(RatingConfig config) {
    return JobTopic.ALL.stream()
        .filter(
            t ->
                t.use() == JobTopic.Use.OUTPUT
                    || t.use() == JobTopic.Use.LEDGER_OUTPUT && config.ledgerEnabled())
        .map(t -> t.name().apply(config))
        .distinct()
        .toList();
  }

  /** The sum of the committed end offsets of every partition of {@code topics}. */
  static long committedEnd(String bootstrapServers, List<String> topics) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      return end.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Records written per event; -1 when not measured. */
  static double perEvent(long written, long events) {
    return written < 0 || events <= 0 ? -1 : written / (double) events;
  }
}

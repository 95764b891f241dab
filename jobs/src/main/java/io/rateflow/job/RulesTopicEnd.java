package io.rateflow.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks the broker where the rules topic ends, as a read_committed reader sees it: per partition the
 * offset of the last record such a reader is given below the end offset. Transaction markers and
 * aborted records take offsets but are never delivered, so "end - 1" is wrong after a transactional
 * publish; the last delivered offset is found by reading a window back from the end, widened until
 * it holds a record or starts at the beginning.
 */
final class RulesTopicEnd implements RulesCatchUp.EndProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long FIRST_WINDOW = 64;

  private final RatingConfig config;

  RulesTopicEnd(RatingConfig config) {
    this.config = config;
  }

  @Override
  public Map<Integer, Long> lastVisibleOffsets() {
    Properties p = KafkaIO.clientProperties(config);
    p.setProperty("bootstrap.servers", config.bootstrapServers());
    p.setProperty("isolation.level", "read_committed");
    p.setProperty("enable.auto.commit", "false");
    p.setProperty("client.id", "rateflow-rules-catch-up");
    p.setProperty("default.api.timeout.ms", Long.toString(TIMEOUT.toMillis()));
    p.remove("group.id"); // assigned partitions, no group: nothing is committed
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(config.rulesTopic(), TIMEOUT);
      Map<Integer, Long> result = new HashMap<>();
      if (infos == null) {
        return result; // no such topic: no rules to wait for
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition tp : partitions) {
        result.put(tp.partition(), lastVisible(consumer, tp, begin.get(tp), end.get(tp)));
      }
      return result;
    }
  }

  /** The offset of the last record delivered below {@code end}, or -1 when there is none. */
  static long lastVisible(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long begin, long end) {
    if (end <= begin) {
      return -1;
    }
    consumer.assign(List.of(tp));
    long window = FIRST_WINDOW;
    while (true) {
      long from = Math.max(begin, end - window);
      consumer.seek(tp, from);
      long last = -1;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(tp, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "reading "
                  + tp
                  + " from offset "
                  + from
                  + " to "
                  + end
                  + " took longer than "
                  + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
          if (r.offset() < end) {
            last = Math.max(last, r.offset());
          }
        }
      }
      if (last >= 0 || from == begin) {
        return last;
      }
      window *= 4;
    }
  }
}

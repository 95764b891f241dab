package io.rateflow.cli.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what a transactional pipeline has <em>committed</em> to a topic, for the demo's summary and
 * for tests.
 *
 * <p>Everything is read with {@code isolation.level=read_committed}: records of aborted or
 * still-open transactions are never returned. Counting must read the records: with transactions the
 * end offset is not a count, because every commit or abort marker takes an offset of its own and
 * aborted records keep theirs.
 */
public final class Topics {

  private final Map<String, Object> consumerConfig;

  private Topics(Map<String, Object> consumerConfig) {
    this.consumerConfig = Map.copyOf(consumerConfig);
  }

  /** Reads from the cluster at {@code bootstrapServers} over plaintext. */
  public static Topics at(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    return with(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Reads with extra consumer settings (bootstrap servers, security); isolation level,
   * deserializers, group and offset settings are always set here.
   */
  public static Topics with(Map<String, Object> consumerConfig) {
    Objects.requireNonNull(consumerConfig, "consumerConfig");
    if (!consumerConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException(
          "Consumer config needs '"
              + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG
              + "', got keys "
              + consumerConfig.keySet());
    }
    return new Topics(consumerConfig);
  }

  /** The number of committed records now in {@code topic}, over all partitions. */
  public long countCommitted(String topic, Duration timeout) {
    long[] count = {0};
    forEachCommitted(
        topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), timeout, r -> count[0]++);
    return count[0];
  }

  /**
   * The values of every committed record now in {@code topic}, partition by partition, each
   * partition in offset order. Stops at the end offsets seen when reading starts.
   */
  public <V> List<V> readAll(String topic, Deserializer<V> valueDeserializer, Duration timeout) {
    List<V> values = new ArrayList<>();
    forEachCommitted(
        topic, new ByteArrayDeserializer(), valueDeserializer, timeout, r -> values.add(r.value()));
    return values;
  }

  /** Like {@link #readAll} but with keys, partitions, offsets and headers. */
  public <K, V> List<ConsumerRecord<K, V>> readAllRecords(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    forEachCommitted(topic, keyDeserializer, valueDeserializer, timeout, records::add);
    return records;
  }

  /**
   * Feeds every committed record of {@code topic}, from the beginning up to the last stable offsets
   * taken at the start, to {@code action}. Records committed after reading started may or may not
   * be seen.
   */
  public <K, V> void forEachCommitted(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      Duration timeout,
      Consumer<ConsumerRecord<K, V>> action) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(readCommittedConfig(), keyDeserializer, valueDeserializer)) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // In read_committed mode these are the last stable offsets: nothing of an open transaction
      // lies below them, so reading up to them never waits for a transaction to finish.
      Map<TopicPartition, Long> end = endOffsets(consumer, topic, partitions, timeout);
      while (!reachedEnd(consumer, end, partitions)) {
        Duration left = remaining(deadline);
        if (left.isZero()) {
          throw new IllegalStateException(
              "Reading committed records of topic '"
                  + topic
                  + "' did not reach "
                  + "the end within "
                  + timeout
                  + ": "
                  + progress(consumer, end));
        }
        // The consumer steps over commit/abort markers and aborted records itself; its position
        // moves past them even when a poll returns nothing.
        consumer
            .poll(min(left, Duration.ofMillis(200)))
            .forEach(
                r -> {
                  if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    action.accept(r);
                  }
                });
      }
    } catch (InterruptException e) {
      throw new IllegalStateException("Interrupted while reading topic '" + topic + "'", e);
    }
  }

  private Map<String, Object> readCommittedConfig() {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(
        ConsumerConfig.GROUP_ID_CONFIG); // assign(), not subscribe(): no group, nothing committed
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "rateflow-topic-reader");
    return config;
  }

  private List<TopicPartition> partitionsOf(
      KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read topic '"
              + topic
              + "': no metadata within "
              + timeout
              + ". Is the broker at "
              + consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
              + " running?",
          e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "Cannot read topic '"
              + topic
              + "': it does not exist. "
              + "Topics are created up front; check the name.");
    }
    return infos.stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private static boolean reachedEnd(
      KafkaConsumer<?, ?> consumer,
      Map<TopicPartition, Long> end,
      List<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      if (consumer.position(p) < end.get(p)) {
        return false;
      }
    }
    return true;
  }

  private static String progress(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
        .map(
            e ->
                "partition "
                    + e.getKey().partition()
                    + " at offset "
                    + consumer.position(e.getKey())
                    + " of "
                    + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static Map<TopicPartition, Long> endOffsets(
      KafkaConsumer<?, ?> consumer,
      String topic,
      List<TopicPartition> partitions,
      Duration timeout) {
    try {
      return consumer.endOffsets(partitions, timeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read topic '"
              + topic
              + "': its end offsets were not known within "
              + timeout
              + ".",
          e);
    }
  }

  private static Duration remaining(long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

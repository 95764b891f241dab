package io.rateflow.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts a real broker: transactions, read_committed reading, and a clean shutdown. */
class EmbeddedKafkaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void onlyCommittedTransactionsAreReadAndCloseLeavesNothingBehind() throws Exception {
    Set<Long> threadsBefore = liveThreadIds();
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println(
        "EmbeddedKafka start-up: " + startMillis + " ms at " + kafka.bootstrapServers());

    String bootstrap = kafka.bootstrapServers();
    Path dataDir = kafka.dataDir();
    try {
      kafka.createTopics(Map.of("charges", 2));
      kafka.createCompactedTopics(Map.of("accounts", 1));
      assertThat(cleanupPolicy(bootstrap, "accounts")).isEqualTo("compact");
      assertThat(cleanupPolicy(bootstrap, "charges")).isEqualTo("delete");

      try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap)) {
        producer.initTransactions();

        producer.beginTransaction();
        producer.send(new ProducerRecord<>("charges", 0, "acct-1", "c1"));
        producer.send(new ProducerRecord<>("charges", 1, "acct-2", "c2"));
        producer.send(new ProducerRecord<>("charges", 1, "acct-2", "c3"));
        producer.commitTransaction();

        // Last on purpose: the partitions then end with abort markers, which the reader must step
        // over.
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("charges", 0, "acct-1", "aborted-1"));
        producer.send(new ProducerRecord<>("charges", 1, "acct-2", "aborted-2"));
        producer.flush();
        producer.abortTransaction();
      }

      Topics topics = kafka.topics();
      assertThat(topics.readAll("charges", new StringDeserializer(), TIMEOUT))
          .containsExactlyInAnyOrder("c1", "c2", "c3");
      assertThat(topics.countCommitted("charges", TIMEOUT)).isEqualTo(3);
      // Why the count must read: 3 committed + 2 aborted records + 4 markers occupy 9 offsets.
      assertThat(endOffsetSum(bootstrap, "charges")).isEqualTo(9);

      assertThatThrownBy(() -> topics.countCommitted("no-such-topic", Duration.ofSeconds(5)))
          .hasMessageContaining("'no-such-topic'")
          .hasMessageContaining("does not exist");
      assertThatThrownBy(() -> kafka.createTopics(Map.of("charges", 1)))
          .hasMessageContaining("charges");
    } finally {
      kafka.close();
    }

    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    assertThat(dataDir).doesNotExist();
    assertThat(threadsStartedSince(threadsBefore)).isEmpty();
  }

  @Test
  void refusesADataDirectoryThatIsNotEmpty(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("meta.properties"), "left over from an earlier run");

    assertThatThrownBy(() -> EmbeddedKafka.start(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty");
  }

  private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "embedded-kafka-test",
            // Flink's KafkaSink default; the broker must accept it or initTransactions() fails.
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            (int) Duration.ofHours(1).toMillis(),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new StringSerializer());
  }

  private static String cleanupPolicy(String bootstrap, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return config.get("cleanup.policy").value();
    }
  }

  private static long endOffsetSum(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions, TIMEOUT).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 2_000);
    }
  }

  private static Set<Long> liveThreadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getId)
        .collect(Collectors.toSet());
  }

  /**
   * Threads that appeared since {@code before} and are still alive. Some broker threads finish
   * asynchronously just after shutdown returns, so give them a moment before calling them leaked.
   * Yammer's meter tick threads belong to the JVM-wide metrics registry (one pair per JVM, daemon,
   * reused by the next broker), not to this broker, so they do not count.
   */
  private static List<String> threadsStartedSince(Set<Long> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> leftover;
    do {
      leftover =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.isAlive() && !before.contains(t.getId()))
              .filter(t -> !(t.isDaemon() && t.getName().startsWith("metrics-meter-tick-thread-")))
              .map(Thread::getName)
              .sorted()
              .toList();
      if (leftover.isEmpty()) {
        return leftover;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return leftover;
  }
}

package io.rateflow.cli.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (one process acting as KRaft controller and broker) running inside this JVM,
 * for the demo, the benchmarks and the tests.
 *
 * <p>It is configured for exactly-once pipelines on one node: internal topics with replication
 * factor 1, transactions allowed to stay open as long as Flink's default, no auto-created topics.
 * The broker picks a free port itself; ask {@link #bootstrapServers()} where it is. Storage is
 * always formatted fresh, so every start is an empty cluster.
 *
 * <p>Everything is logged through SLF4J; route {@code kafka}, {@code org.apache.kafka} and {@code
 * state.change.logger} to a file to keep the console quiet. Name that configuration explicitly
 * ({@code -Dlog4j2.configurationFile}, or a {@code log4j2.properties} / {@code
 * log4j2-test.properties} on the classpath): the test kit's jar carries a {@code log4j2.yaml} that
 * logs everything at INFO to stdout, and Log4j prefers it to a {@code log4j2.xml}.
 *
 * <p>The broker's socket is bound by the test kit to all interfaces (clients are told {@code
 * localhost:port}); it has no authentication, so use it on trusted machines only.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** How long start-up and topic creation may take before we report the broker as broken. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaClusterTestKit cluster;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String bootstrapServers;
  private final Admin admin;
  private volatile boolean closed;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, boolean ownsDataDir) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.bootstrapServers = cluster.bootstrapServers();
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "rateflow-embedded-kafka-admin"));
  }

  /**
   * Starts a broker whose data lives in a fresh temporary directory, deleted again by {@link
   * #close()}.
   */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker in a fresh temporary directory with some broker settings changed, e.g. a short
   * {@code log.retention.check.interval.ms} for a test of time-based retention.
   */
  public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
    Path dir;
    try {
      dir = Files.createTempDirectory("rateflow-kafka-");
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not create a temporary directory for the embedded Kafka broker: "
              + e.getMessage()
              + ". Check that java.io.tmpdir ("
              + System.getProperty("java.io.tmpdir")
              + ") is writable.",
          e);
    }
    return start(dir, true, brokerOverrides);
  }

  /**
   * Starts a broker whose data lives in {@code dataDir}, which must be missing or empty because
   * storage is formatted on every start. The directory is kept after {@link #close()} so its logs
   * and segments can be inspected.
   */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, false, Map.of());
  }

  private static EmbeddedKafka start(
      Path dataDir, boolean ownsDataDir, Map<String, String> brokerOverrides) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path dir = dataDir.toAbsolutePath();
    requireEmptyOrMissing(dir);
    long startNanos = System.nanoTime();
    KafkaClusterTestKit cluster = null;
    try {
      Files.createDirectories(dir);
      cluster = buildCluster(dir, ownsDataDir, brokerOverrides);
      formatWithoutPrinting(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(cluster, dir, ownsDataDir);
      LOG.info(
          "Embedded Kafka ready at {} in {} ms, data in {}",
          kafka.bootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
          dir);
      return kafka;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(cluster);
      if (ownsDataDir) {
        deleteQuietly(dir);
      }
      throw new IllegalStateException(
          "The embedded Kafka broker did not start (data directory "
              + dir
              + "): "
              + e
              + ". Its own log (logger 'kafka' / 'org.apache.kafka') has the details.",
          e);
    }
  }

  private static KafkaClusterTestKit buildCluster(
      Path dir, boolean deleteOnClose, Map<String, String> brokerOverrides) throws Exception {
    // One combined node: the controller and broker share the process and the data directory.
    TestKitNodes nodes =
        ReleasedFeatures.nodesBuilder()
            .setCombined(true)
            .setNumControllerNodes(1)
            .setNumBrokerNodes(1)
            .setBaseDirectory(dir)
            .build();
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(deleteOnClose);
    BrokerSettings.forSingleNode().forEach(builder::setConfigProp);
    brokerOverrides.forEach(builder::setConfigProp);
    return builder.build();
  }

  /**
   * Kafka's storage formatter prints its progress to {@code System.out}, and the test kit gives no
   * way to redirect it; the console belongs to the launcher's progress bar, so catch those lines
   * for the few milliseconds formatting takes and log them instead.
   */
  private static void formatWithoutPrinting(KafkaClusterTestKit cluster) throws Exception {
    synchronized (System.class) {
      PrintStream console = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        cluster.format();
      } finally {
        System.setOut(console);
        printed
            .toString(StandardCharsets.UTF_8)
            .lines()
            .forEach(line -> LOG.info("Kafka storage: {}", line));
      }
    }
  }

  private static void requireEmptyOrMissing(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "Kafka data directory "
              + dir
              + " is a file, not a directory. "
              + "Pass a missing or empty directory.");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "Kafka data directory "
                + dir
                + " is not empty. The embedded broker "
                + "formats fresh storage on every start; delete the directory or pass another one.");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read Kafka data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Where clients connect, e.g. {@code localhost:41234}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's metadata log and topic data. */
  public Path dataDir() {
    return dataDir;
  }

  /** A reader for this broker's committed records. */
  public Topics topics() {
    return Topics.at(bootstrapServers);
  }

  /**
   * Creates topics with the given partition counts and default (delete) retention, and returns once
   * every partition has a leader, so producers and consumers can use them right away.
   */
  public void createTopics(Map<String, Integer> partitions) {
    createTopics(partitions, Map.of());
  }

  /**
   * Creates compacted topics ({@code cleanup.policy=compact}): the latest value per key is kept
   * forever, as suits tables such as account profiles.
   */
  public void createCompactedTopics(Map<String, Integer> partitions) {
    createTopics(
        partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /**
   * Creates topics with the given partition counts and topic-level configs (e.g. {@code
   * retention.ms}), and waits until every partition has a leader.
   */
  public void createTopics(Map<String, Integer> partitions, Map<String, String> topicConfigs) {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(topicConfigs, "topicConfigs");
    requireOpen();
    if (partitions.isEmpty()) {
      return;
    }
    List<NewTopic> newTopics = new ArrayList<>();
    partitions.forEach(
        (name, count) -> {
          if (count == null || count < 1) {
            throw new IllegalArgumentException(
                "Topic '" + name + "' needs at least one partition, got " + count);
          }
          newTopics.add(new NewTopic(name, count, (short) 1).configs(topicConfigs));
        });
    try {
      admin.createTopics(newTopics).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        throw new IllegalStateException(
            "Cannot create topics "
                + partitions.keySet()
                + " on "
                + bootstrapServers
                + ": "
                + e.getCause().getMessage()
                + " Topics are created once, up front.",
            e.getCause());
      }
      throw new IllegalStateException(
          "Cannot create topics "
              + partitions.keySet()
              + " on "
              + bootstrapServers
              + ": "
              + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Creating topics "
              + partitions.keySet()
              + " on "
              + bootstrapServers
              + " did not finish within "
              + READY_TIMEOUT.toSeconds()
              + " s.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while creating topics " + partitions.keySet(), e);
    }
    awaitLeaders(partitions.keySet());
    LOG.info("Created topics {} with configs {}", partitions, topicConfigs);
  }

  /**
   * The controller acknowledges a new topic before the broker has loaded it, so a client could
   * still see "unknown topic" for a moment; wait until the broker reports a leader for every
   * partition.
   */
  private void awaitLeaders(Set<String> topics) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastProblem = "";
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        List<String> leaderless =
            descriptions.values().stream()
                .flatMap(
                    d ->
                        d.partitions().stream()
                            .filter(p -> p.leader() == null || p.leader().isEmpty())
                            .map(p -> d.name() + "-" + p.partition()))
                .toList();
        if (leaderless.isEmpty()) {
          return;
        }
        lastProblem = "partitions without a leader: " + leaderless;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException(
              "Cannot describe topics " + topics + ": " + e.getCause(), e.getCause());
        }
        lastProblem = e.getCause().getMessage();
      } catch (TimeoutException e) {
        lastProblem = "describeTopics timed out";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
      }
      pause();
    }
    throw new IllegalStateException(
        "Topics "
            + topics
            + " were created but are not usable after "
            + READY_TIMEOUT.toSeconds()
            + " s ("
            + lastProblem
            + ").");
  }

  /**
   * Stops the broker side of the node, as a broker crash or a rolling restart would; the KRaft
   * controller, the data directory and the listening port stay, so {@link #startBroker()} brings
   * the same broker back where clients expect it. Clients see it unreachable in the meantime.
   */
  public synchronized void stopBroker() {
    requireOpen();
    cluster.brokers().values().forEach(broker -> broker.shutdown());
    LOG.info("Embedded Kafka broker at {} stopped (controller and data kept)", bootstrapServers);
  }

  /**
   * Starts the broker stopped by {@link #stopBroker()} on the same data directory and port, and
   * returns once it answers with a leader for every partition again.
   */
  public synchronized void startBroker() {
    requireOpen();
    cluster.brokers().values().forEach(broker -> broker.startup());
    try {
      cluster.waitForReadyBrokers();
      Set<String> topics =
          admin.listTopics().names().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!topics.isEmpty()) {
        awaitLeaders(topics);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "The embedded Kafka broker at "
              + bootstrapServers
              + " did not come back after a restart: "
              + e
              + ". Its log (logger 'kafka') has the details.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while restarting the embedded Kafka broker", e);
    }
    LOG.info("Embedded Kafka broker at {} restarted", bootstrapServers);
  }

  /**
   * Stops the broker and controller and, if {@link #start()} made the data directory, deletes it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Utils.closeQuietly(admin, "embedded Kafka admin client");
    try {
      // Shuts down broker then controller, and waits for the test kit's own threads to end.
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // Report, not throw: close() runs in finally blocks where a second exception would hide the
      // first.
      LOG.warn("Embedded Kafka at {} did not shut down cleanly", bootstrapServers, e);
    }
    if (ownsDataDir) {
      // The test kit deletes the directory's contents on close; make sure the directory itself goes
      // too.
      deleteQuietly(dataDir);
    }
    LOG.info("Embedded Kafka at {} stopped", bootstrapServers);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(
          "The embedded Kafka broker at " + bootstrapServers + " is closed.");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("Could not stop the embedded Kafka broker after a failed start", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete the embedded Kafka data directory {}", dir, e);
    }
  }
}

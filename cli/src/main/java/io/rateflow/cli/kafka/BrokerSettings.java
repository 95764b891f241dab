package io.rateflow.cli.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker configuration for the embedded single-node Kafka: what exactly-once needs on one node, and
 * small thread pools and buffers so the broker shares a laptop with a Flink mini cluster.
 */
final class BrokerSettings {

  /**
   * Flink's {@code KafkaSink} asks for a one-hour transaction timeout unless told otherwise, and
   * the broker rejects a producer whose timeout exceeds this maximum (15 minutes by default), so
   * allow an hour: a job that keeps Flink's default still starts against the embedded broker.
   */
  static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofHours(1);

  private BrokerSettings() {}

  /** The settings, as broker config keys and values. */
  static Map<String, String> forSingleNode() {
    Map<String, String> s = new LinkedHashMap<>();

    // One node: every internal topic must fit on a single replica, or the first consumer group,
    // transactional producer or share group fails with "not enough replicas".
    s.put("offsets.topic.replication.factor", "1");
    s.put("transaction.state.log.replication.factor", "1");
    s.put("transaction.state.log.min.isr", "1");
    s.put("share.coordinator.state.topic.replication.factor", "1");
    s.put("share.coordinator.state.topic.min.isr", "1");
    s.put("min.insync.replicas", "1");
    s.put("default.replication.factor", "1");
    // 50 partitions each (the default) make the first group join and first transaction slow to
    // set up; a handful is plenty for one machine.
    s.put("offsets.topic.num.partitions", "4");
    s.put("transaction.state.log.num.partitions", "4");
    s.put("share.coordinator.state.topic.num.partitions", "1");

    s.put("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT.toMillis()));
    // Consumers in tests and the demo join alone; the 3 s default would only delay the first poll.
    s.put("group.initial.rebalance.delay.ms", "0");
    // A typo in a topic name must fail loudly instead of silently creating an empty topic.
    s.put("auto.create.topics.enable", "false");

    // Small footprint: one cleaner thread with small buffers (compaction of a demo's tables is
    // tiny), and few network/IO threads.
    s.put("log.cleaner.threads", "1");
    s.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    s.put("log.cleaner.io.buffer.size", Integer.toString(128 * 1024));
    s.put("num.network.threads", "2");
    s.put("num.io.threads", "2");
    s.put("background.threads", "2");
    s.put("num.recovery.threads.per.data.dir", "1");
    s.put("num.replica.fetchers", "1");

    // The cluster runs the released metadata version (see ReleasedFeatures); do not offer clients
    // protocol versions that are still in development.
    s.put("unstable.api.versions.enable", "false");
    s.put("unstable.feature.versions.enable", "false");
    return s;
  }
}

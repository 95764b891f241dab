package io.rateflow.job;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Which {@code kafka.*} keys a configuration may pass to the job's Kafka clients: those the clients
 * know, minus those the job sets itself because exactly-once depends on them.
 */
final class KafkaClientKeys {
  private KafkaClientKeys() {}

  /**
   * Set by the job; a user value would break exactly-once, the decoders or the offsets the job
   * chooses.
   */
  static final Map<String, String> SET_BY_THE_JOB =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use bootstrap.servers without the kafka. prefix"),
          Map.entry("group.id", "use group.id without the kafka. prefix"),
          Map.entry("isolation.level", "the job always reads read_committed"),
          Map.entry("enable.idempotence", "the exactly-once sinks need it"),
          Map.entry("transactional.id", "the sinks derive it from transactional.id.prefix"),
          Map.entry("enable.auto.commit", "Flink commits offsets on checkpoints"),
          Map.entry("auto.offset.reset", "the job chooses where each topic starts"),
          Map.entry("key.serializer", "the job writes its own records"),
          Map.entry("value.serializer", "the job writes its own records"),
          Map.entry("key.deserializer", "the job reads raw bytes"),
          Map.entry("value.deserializer", "the job reads raw bytes"));

  /** KafkaSource's own options, passed through the same properties. */
  private static final Set<String> SOURCE_OPTIONS =
      Set.of(
          "partition.discovery.interval.ms",
          "client.id.prefix",
          "register.consumer.metrics",
          "commit.offsets.on.checkpoint");

  private static final Set<String> KNOWN = known();

  private static Set<String> known() {
    Set<String> s = new HashSet<>(ConsumerConfig.configNames());
    s.addAll(ProducerConfig.configNames());
    s.addAll(AdminClientConfig.configNames());
    s.addAll(SOURCE_OPTIONS);
    return Set.copyOf(s);
  }

  /** Why {@code key} (without the prefix) may not be given, or {@code null} when it may. */
  static String refusal(String key) {
    String reason = SET_BY_THE_JOB.get(key);
    if (reason != null) {
      return "is set by the job (" + reason + ")";
    }
    // config.providers.<name>.class and .param.*: the way to keep secrets out of the file
    if (KNOWN.contains(key) || key.startsWith("config.providers.")) {
      return null;
    }
    return "is not a setting of the Kafka consumer, producer or admin client (check its spelling)";
  }
}

package io.rateflow.cli.topics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One topic as k8s/topics.yaml defines it (a Strimzi {@code KafkaTopic}): partitions, replicas and
 * topic configs ({@code cleanup.policy}, {@code retention.ms}, {@code min.insync.replicas}...).
 */
public record TopicDefinition(
    String name, int partitions, int replicas, Map<String, String> config) {
  public TopicDefinition {
    config = Map.copyOf(config);
  }

  /**
   * The same topic under another name and replica count. With fewer replicas than {@code
   * min.insync.replicas}, no acks=all write could ever succeed, so that is capped to the replicas.
   */
  public TopicDefinition as(String newName, Integer replicasOverride) {
    int r = replicasOverride == null ? replicas : replicasOverride;
    Map<String, String> c = new LinkedHashMap<>(config);
    String minIsr = c.get("min.insync.replicas");
    if (minIsr != null && Integer.parseInt(minIsr) > r) {
      c.put("min.insync.replicas", Integer.toString(r));
    }
    return new TopicDefinition(newName, partitions, r, c);
  }
}

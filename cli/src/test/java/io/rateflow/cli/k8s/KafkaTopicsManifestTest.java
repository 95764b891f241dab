package io.rateflow.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.job.RatingConfig;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/topics.yaml} against Strimzi's {@code KafkaTopic} model: every document is one, with
 * nothing the model does not know, and together they are exactly the topics the job uses.
 */
class KafkaTopicsManifestTest {
  static final String API_VERSION = KafkaTopic.RESOURCE_GROUP + "/v1";

  static List<KafkaTopic> topics(List<Map<String, Object>> docs, String where) {
    List<KafkaTopic> out = new ArrayList<>();
    for (Map<String, Object> doc : K8sManifests.ofKind(docs, KafkaTopic.RESOURCE_KIND)) {
      out.add(
          K8sManifests.model(
              doc, KafkaTopic.class, where + " " + K8sManifests.at(doc, "metadata", "name")));
    }
    return out;
  }

  /** What every topic list must satisfy, here and in each overlay's build. */
  static void checkTopics(List<Map<String, Object>> docs, String where) {
    assertThat(docs)
        .as(where + ": documents that are not KafkaTopics")
        .allSatisfy(d -> assertThat(d.get("kind")).isEqualTo(KafkaTopic.RESOURCE_KIND));
    List<KafkaTopic> topics = topics(docs, where);
    Set<String> kafkaTopicConfigs = topicConfigNames();
    for (KafkaTopic t : topics) {
      String name = t.getMetadata().getName();
      assertThat(t.getApiVersion()).as(name).isEqualTo(API_VERSION);
      assertThat(KafkaTopic.VERSIONS).contains("v1");
      assertThat(t.getMetadata().getLabels()).as(name).containsKey("strimzi.io/cluster");
      assertThat(t.getSpec().getTopicName())
          .as(name + ": the job finds topics by metadata.name")
          .isNull();
      assertThat(t.getSpec().getPartitions()).as(name).isPositive();
      assertThat(t.getSpec().getReplicas())
          .as(name + ": a committed transaction survives a broker")
          .isEqualTo(3);
      assertThat(t.getSpec().getConfig()).as(name).containsEntry("min.insync.replicas", 2);
      assertThat(kafkaTopicConfigs)
          .as(name + ": settings Kafka's topics know")
          .containsAll(t.getSpec().getConfig().keySet());
    }
    List<String> names = topics.stream().map(t -> t.getMetadata().getName()).toList();
    assertThat(names).as(where + ": each topic once").doesNotHaveDuplicates();
    assertThat(names)
        .as(where + ": exactly the topics of the job's configuration")
        .containsExactlyInAnyOrderElementsOf(
            K8sManifests.jobTopics(RatingConfig.defaults("kafka:9092")).values());
  }

  /** Kafka's own list of topic settings (TopicConfig's *_CONFIG constants). */
  static Set<String> topicConfigNames() {
    Set<String> names = new HashSet<>();
    for (Field f : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getName().endsWith("_CONFIG")
          && f.getType() == String.class) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  @Test
  void everyTopicIsAStrimziKafkaTopicAndTheyAreExactlyTheJobsTopics() throws Exception {
    checkTopics(K8sManifests.documents(K8sManifests.file("topics.yaml")), "topics.yaml");
  }

  @Test
  void topicsThatKeepStateKeepItAndTheRulesAreNeverCompacted() throws Exception {
    RatingConfig d = RatingConfig.defaults("kafka:9092");
    Map<String, KafkaTopic> byName = new java.util.HashMap<>();
    topics(K8sManifests.documents(K8sManifests.file("topics.yaml")), "topics.yaml")
        .forEach(t -> byName.put(t.getMetadata().getName(), t));
    assertThat(byName.get(d.accountsTopic()).getSpec().getConfig())
        .containsEntry("cleanup.policy", "compact");
    assertThat(byName.get(d.balancesTopic()).getSpec().getConfig())
        .containsEntry("cleanup.policy", "compact");
    // every version of every rule is needed to price late events: no compaction, no expiry
    assertThat(byName.get(d.rulesTopic()).getSpec().getConfig())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", -1);
  }

  @Test
  void aPropertyTheModelDoesNotKnowIsCaught() {
    Map<String, Object> doc =
        Map.of(
            "apiVersion",
            API_VERSION,
            "kind",
            "KafkaTopic",
            "metadata",
            Map.of("name", "charges"),
            "spec",
            Map.of("partitons", 12, "replicas", 3));
    assertThatThrownBy(() -> K8sManifests.model(doc, KafkaTopic.class, "typo.yaml"))
        .hasMessageContaining("typo.yaml")
        .hasMessageContaining("spec.partitons");
  }
}

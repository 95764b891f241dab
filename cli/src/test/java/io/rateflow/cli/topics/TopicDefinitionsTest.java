package io.rateflow.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.job.RatingConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** k8s/topics.yaml, the job's topics and {@code topics create} cannot drift apart. */
class TopicDefinitionsTest {
  @Test
  void k8sDefinesExactlyTheTopicsTheJobReadsAndWrites() {
    Set<String> k8s =
        TopicDefinitions.shipped().stream().map(TopicDefinition::name).collect(Collectors.toSet());
    Set<String> job = JobTopic.ALL.stream().map(JobTopic::defaultName).collect(Collectors.toSet());

    assertThat(k8s).hasSize(TopicDefinitions.shipped().size()).isEqualTo(job);
  }

  @Test
  void everyTopicOfRatingConfigHasAConfigKeyHere() throws Exception {
    // every record component named *Topic is a topic of the job; a new one must be listed in
    // JobTopic
    List<String> components =
        Arrays.stream(RatingConfig.class.getRecordComponents())
            .map(c -> c.getName())
            .filter(n -> n.endsWith("Topic"))
            .toList();
    assertThat(JobTopic.ALL).hasSize(components.size());

    // each key renames its own topic: the names come from rateflow.properties, not from the
    // defaults
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "localhost:9092");
    JobTopic.ALL.forEach(t -> p.setProperty(t.configKey(), "x-" + t.configKey()));
    RatingConfig renamed = RatingConfig.fromProperties(p, "test");
    Set<String> actual =
        components.stream()
            .map(
                n -> {
                  try {
                    return (String) RatingConfig.class.getMethod(n).invoke(renamed);
                  } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                  }
                })
            .collect(Collectors.toSet());
    assertThat(JobTopic.ALL.stream().map(t -> t.name().apply(renamed)).collect(Collectors.toSet()))
        .isEqualTo(actual)
        .isEqualTo(
            JobTopic.ALL.stream().map(t -> "x-" + t.configKey()).collect(Collectors.toSet()));
  }

  @Test
  void definitionsCarryPartitionsCompactionAndRetention() {
    Map<String, TopicDefinition> byName =
        TopicDefinitions.shipped().stream()
            .collect(Collectors.toMap(TopicDefinition::name, d -> d));

    assertThat(byName.get("activity-events").partitions()).isEqualTo(12);
    assertThat(byName.get("activity-events").config()).containsEntry("retention.ms", "1209600000");
    assertThat(byName.get("accounts").config()).containsEntry("cleanup.policy", "compact");
    assertThat(byName.get("pricing-rules").partitions()).isEqualTo(1);
    assertThat(byName.get("pricing-rules").config()).containsEntry("retention.ms", "-1");
  }

  @Test
  void oneReplicaCapsMinInsyncReplicasAndConfiguredNamesAreUsed() {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "localhost:9092");
    p.setProperty("topic.charges", "billing.charges");
    List<TopicDefinition> planned =
        CreateTopicsCommand.planned(RatingConfig.fromProperties(p, "test"), 1);

    TopicDefinition charges =
        planned.stream().filter(d -> d.name().equals("billing.charges")).findFirst().orElseThrow();
    assertThat(charges.replicas()).isEqualTo(1);
    assertThat(charges.config()).containsEntry("min.insync.replicas", "1");
    assertThat(planned).extracting(TopicDefinition::name).doesNotContain("charges");
    assertThat(planned).allSatisfy(d -> assertThat(d.replicas()).isEqualTo(1));
  }

  @Test
  void otherDocumentKindsAreSkippedAndBrokenOnesNamed() {
    String yaml =
        """
        kind: KafkaUser
        metadata: {name: someone}
        ---
        kind: KafkaTopic
        metadata: {name: t}
        spec: {partitions: 3, replicas: 1, config: {retention.ms: 5}}
        """;
    assertThat(TopicDefinitions.parse(yaml, "x.yaml"))
        .containsExactly(new TopicDefinition("t", 3, 1, Map.of("retention.ms", "5")));

    assertThatThrownBy(
            () ->
                TopicDefinitions.parse(
                    "kind: KafkaTopic\nmetadata: {name: t}\nspec: {partitions: 0, replicas: 1}\n",
                    "x.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.yaml document 1 (t) spec.partitions");
  }

  @Test
  void aliasBombsAreBounded() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 30; i++) {
      bomb.append("b")
          .append(i)
          .append(": &b")
          .append(i)
          .append(" [*")
          .append(i == 0 ? "a" : "b" + (i - 1))
          .append(", *")
          .append(i == 0 ? "a" : "b" + (i - 1))
          .append("]\n");
    }
    assertThatThrownBy(() -> TopicDefinitions.parse(bomb.toString(), "bomb.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bomb.yaml: not valid YAML");
  }
}

package io.rateflow.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.job.RatingConfig;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code kubectl kustomize} makes of each overlay is what gets applied: the same checks as the
 * source files, on the build, plus what only the build shows (the generated ConfigMap and the
 * reference to it, the deploy-step labels, the sizes). Needs kubectl on the PATH (it carries
 * kustomize); skipped where there is none.
 */
class KustomizeOverlaysTest {
  private static final Map<String, String> STEP_OF_KIND =
      Map.of(
          "KafkaTopic",
          "topics",
          "KafkaUser",
          "user",
          "ConfigMap",
          "config",
          "FlinkDeployment",
          "job");

  private static Optional<Path> kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "kubectl");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The overlay as kustomize builds it (the README's command). */
  static String build(String overlay) throws Exception {
    Optional<Path> kubectl = kubectl();
    Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");
    Path out = Files.createTempFile("kustomize-", ".yaml");
    Path err = Files.createTempFile("kustomize-", ".err");
    try {
      Process p =
          new ProcessBuilder(
                  kubectl.get().toString(),
                  "kustomize",
                  "--load-restrictor",
                  "LoadRestrictionsNone",
                  K8sManifests.file(overlay).toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + overlay + " took more than 60 s");
      }
      assertThat(p.exitValue())
          .as("kubectl kustomize " + overlay + ": " + Files.readString(err))
          .isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/small", "overlays/large"})
  void theBuildIsTheWholeInstallationAndPassesEveryCheck(String overlay) throws Exception {
    List<Map<String, Object>> docs = K8sManifests.documents(build(overlay));

    assertThat(docs).allSatisfy(d -> assertThat(STEP_OF_KIND).containsKey((String) d.get("kind")));
    assertThat(docs)
        .as("every resource names its deploy step")
        .allSatisfy(
            d ->
                assertThat(
                        K8sManifests.<String>at(d, "metadata", "labels", "rateflow.io/deploy-step"))
                    .isEqualTo(STEP_OF_KIND.get(d.get("kind"))));

    KafkaTopicsManifestTest.checkTopics(K8sManifests.ofKind(docs, "KafkaTopic"), overlay);
    assertThat(
            KafkaUserAclTest.differences(
                KafkaUserAclTest.user(docs, overlay), RatingConfig.defaults("kafka:9092")))
        .containsEntry("missing", java.util.Set.of())
        .containsEntry("extra", java.util.Set.of());

    List<Map<String, Object>> configMaps = K8sManifests.ofKind(docs, "ConfigMap");
    assertThat(configMaps).hasSize(1);
    String name = K8sManifests.at(configMaps.get(0), "metadata", "name");
    assertThat(name)
        .as("named after its content")
        .startsWith(K8sManifests.configMapGenerator().get("name") + "-");
    assertThat(K8sManifests.<String>at(configMaps.get(0), "data", "rateflow.properties"))
        .as("the ConfigMap holds k8s/rateflow.properties as it is")
        .isEqualTo(K8sManifests.read("rateflow.properties"));

    Map<String, Object> deployment = FlinkDeploymentManifestTest.deployment(docs, overlay);
    FlinkDeploymentManifestTest.check(deployment, name, overlay);
    assertThat(K8sManifests.<String>at(deployment, "metadata", "namespace"))
        .isEqualTo(K8sManifests.at(configMaps.get(0), "metadata", "namespace"));

    // sizes that fit together: key groups spread evenly, no source subtask without an events
    // partition
    Map<String, Object> conf = K8sManifests.at(deployment, "spec", "flinkConfiguration");
    int parallelism = K8sManifests.at(deployment, "spec", "job", "parallelism");
    assertThat(Integer.parseInt((String) conf.get("pipeline.max-parallelism")) % parallelism)
        .as("key groups per subtask")
        .isZero();
    Map<String, Integer> partitions = new HashMap<>();
    KafkaTopicsManifestTest.topics(K8sManifests.ofKind(docs, "KafkaTopic"), overlay)
        .forEach(
            (KafkaTopic t) ->
                partitions.put(t.getMetadata().getName(), t.getSpec().getPartitions()));
    RatingConfig d = RatingConfig.defaults("kafka:9092");
    assertThat(partitions.get(d.eventsTopic()))
        .as("events partitions")
        .isGreaterThanOrEqualTo(parallelism);
    assertThat(partitions.get(d.rulesTopic()))
        .as("one partition keeps the rule versions in order")
        .isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/large"})
  void theLargeInstallationIsLargerThanTheSmallOne(String overlay) throws Exception {
    Map<String, Object> small =
        FlinkDeploymentManifestTest.deployment(
            K8sManifests.documents(build("overlays/small")), "small");
    Map<String, Object> large =
        FlinkDeploymentManifestTest.deployment(K8sManifests.documents(build(overlay)), overlay);
    assertThat(K8sManifests.<Integer>at(large, "spec", "job", "parallelism"))
        .isGreaterThan(K8sManifests.<Integer>at(small, "spec", "job", "parallelism"));
    assertThat(K8sManifests.<Integer>at(large, "spec", "taskManager", "resource", "cpu"))
        .isGreaterThan(K8sManifests.<Integer>at(small, "spec", "taskManager", "resource", "cpu"));
  }
}

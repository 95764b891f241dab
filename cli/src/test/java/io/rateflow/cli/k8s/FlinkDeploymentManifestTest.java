package io.rateflow.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.rateflow.job.RatingConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base/flinkdeployment.yaml}. No model of the Flink Kubernetes Operator that knows Flink
 * 2.2 is served here, so its own fields are checked by structure; the pod templates are core
 * Kubernetes and are checked against fabric8's {@code PodTemplateSpec}. What ties the files
 * together is checked too: the image's Flink and job jar, the configuration file's mount, the Kafka
 * secret, the metrics port, RocksDB's disk.
 */
class FlinkDeploymentManifestTest {
  static final String MAIN_CONTAINER = "flink-main-container";
  static final String CONFIG_PATH = "/opt/rateflow/rateflow.properties";

  static Map<String, Object> deployment(List<Map<String, Object>> docs, String where) {
    List<Map<String, Object>> found = K8sManifests.ofKind(docs, "FlinkDeployment");
    assertThat(found).as(where + ": one FlinkDeployment").hasSize(1);
    assertThat(found.get(0).get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
    return found.get(0);
  }

  static PodTemplateSpec podTemplate(Map<String, Object> deployment, String where, String... path) {
    Map<String, Object> raw = K8sManifests.at(deployment, path);
    assertThat(raw).as(where + ": " + String.join(".", path)).isNotNull();
    return K8sManifests.model(raw, PodTemplateSpec.class, where + " " + String.join(".", path));
  }

  static Container main(PodTemplateSpec template, String where) {
    List<Container> containers = template.getSpec().getContainers();
    assertThat(containers).as(where + ": only Flink's main container is customised").hasSize(1);
    assertThat(containers.get(0).getName()).isEqualTo(MAIN_CONTAINER);
    return containers.get(0);
  }

  /** Everything a FlinkDeployment here must satisfy, in the base and in each overlay's build. */
  static void check(Map<String, Object> d, String configMapName, String where) throws Exception {
    Map<String, Object> conf = K8sManifests.at(d, "spec", "flinkConfiguration");
    // the operator's CRD types flinkConfiguration as a map of strings: quote numbers and booleans
    assertThat(conf)
        .as(where + ": flinkConfiguration values")
        .allSatisfy((k, v) -> assertThat(v).as(k).isInstanceOf(String.class));

    // the image: the Flink the build uses, and the jar where the Dockerfile puts it
    String dockerfile = K8sManifests.read("Dockerfile");
    Matcher from =
        Pattern.compile("(?m)^FROM flink:(\\d+)\\.(\\d+)-java(\\d+)\\s*$").matcher(dockerfile);
    assertThat(from.find()).as("Dockerfile: FROM flink:MAJOR.MINOR-javaN").isTrue();
    assertThat(EnvironmentInformation.getVersion())
        .as("the build's Flink")
        .startsWith(from.group(1) + "." + from.group(2) + ".");
    assertThat(from.group(3)).as("the image's Java, the build's").isEqualTo("17");
    assertThat(K8sManifests.<String>at(d, "spec", "flinkVersion"))
        .isEqualTo("v" + from.group(1) + "_" + from.group(2));
    Matcher copy =
        Pattern.compile("(?m)^COPY .*jobs/target/rateflow-jobs-\\*-job\\.jar (\\S+)\\s*$")
            .matcher(dockerfile);
    assertThat(copy.find()).as("Dockerfile: COPY of the job jar").isTrue();
    assertThat(K8sManifests.<String>at(d, "spec", "job", "jarURI"))
        .isEqualTo("local://" + copy.group(1));
    String entry = K8sManifests.at(d, "spec", "job", "entryClass");
    assertThat(Class.forName(entry).getMethod("main", String[].class)).isNotNull();

    // the job: restores everything from a savepoint on every change
    assertThat(K8sManifests.<String>at(d, "spec", "job", "upgradeMode")).isEqualTo("savepoint");
    assertThat(K8sManifests.<Boolean>at(d, "spec", "job", "allowNonRestoredState")).isFalse();
    int parallelism = K8sManifests.<Integer>at(d, "spec", "job", "parallelism");
    int maxParallelism = Integer.parseInt((String) conf.get("pipeline.max-parallelism"));
    assertThat(parallelism).as(where + ": parallelism").isBetween(1, maxParallelism);
    assertThat(Integer.parseInt((String) conf.get("taskmanager.numberOfTaskSlots"))).isPositive();

    // the configuration file: mounted from the ConfigMap where the job's --config reads it
    assertThat(K8sManifests.<List<String>>at(d, "spec", "job", "args"))
        .containsExactly("--config", CONFIG_PATH);
    PodTemplateSpec common = podTemplate(d, where, "spec", "podTemplate");
    Container main = main(common, where);
    Volume config =
        volume(
            common,
            v -> v.getConfigMap() != null && configMapName.equals(v.getConfigMap().getName()),
            where);
    VolumeMount configMount = mount(main, config.getName(), where);
    assertThat(configMount.getMountPath()).isEqualTo(CONFIG_PATH);
    assertThat(configMount.getSubPath()).isEqualTo("rateflow.properties");
    assertThat(configMount.getReadOnly()).isTrue();

    // the Kafka password: from the Secret Strimzi creates for the KafkaUser, into the variable
    // the properties file's config provider reads
    Properties props = K8sManifests.sampleProperties();
    String user =
        KafkaUserAclTest.user(
                K8sManifests.documents(K8sManifests.file("kafka-credentials.yaml")),
                "kafka-credentials.yaml")
            .getMetadata()
            .getName();
    EnvVar jaas =
        main.getEnv().stream()
            .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
            .findFirst()
            .orElseThrow();
    assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo(user);
    assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
    assertThat(props.getProperty("kafka.sasl.jaas.config"))
        .isEqualTo("${env:" + jaas.getName() + "}");
    Volume ca = volume(common, v -> v.getSecret() != null, where);
    String caFile =
        mount(main, ca.getName(), where).getMountPath()
            + "/"
            + ca.getSecret().getItems().get(0).getPath();
    assertThat(props.getProperty("kafka.ssl.truststore.location")).isEqualTo(caFile);

    // checkpoints: the job sets interval and timeout from the file, and its values win
    RatingConfig job = RatingConfig.fromProperties(props, "rateflow.properties");
    assertThat(TimeUtils.parseDuration((String) conf.get("execution.checkpointing.interval")))
        .isEqualTo(job.checkpointInterval());
    assertThat(TimeUtils.parseDuration((String) conf.get("execution.checkpointing.timeout")))
        .isEqualTo(job.checkpointTimeout());

    // metrics: Prometheus' reporter on the port the container declares as "metrics"
    assertThat(conf)
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    ContainerPort metrics =
        main.getPorts().stream()
            .filter(p -> "metrics".equals(p.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(metrics.getContainerPort())
        .isEqualTo(Integer.parseInt((String) conf.get("metrics.reporter.prom.port")));

    // RocksDB: its working directory on the TaskManager's emptyDir, on disk, bounded, requested
    PodTemplateSpec tm = podTemplate(d, where, "spec", "taskManager", "podTemplate");
    // the TaskManager template repeats the main container: merged by name, not by position
    assertThat(conf).containsEntry("kubernetes.operator.pod-template.merge-arrays-by-name", "true");
    Volume rocksdb = volume(tm, v -> v.getEmptyDir() != null, where);
    assertThat(mount(main(tm, where), rocksdb.getName(), where).getMountPath())
        .isEqualTo(conf.get("state.backend.rocksdb.localdir"));
    assertThat(rocksdb.getEmptyDir().getMedium())
        .as("tmpfs would take the pod's memory")
        .isNullOrEmpty();
    Quantity limit = rocksdb.getEmptyDir().getSizeLimit();
    assertThat(limit).as(where + ": the emptyDir's sizeLimit").isNotNull();
    Quantity requested =
        new Quantity(K8sManifests.at(d, "spec", "taskManager", "resource", "ephemeralStorage"));
    assertThat(requested.getNumericalAmount())
        .as(where + ": ephemeral storage requested covers RocksDB's files")
        .isGreaterThan(limit.getNumericalAmount());
    assertThat(Double.parseDouble((String) conf.get("taskmanager.memory.managed.fraction")))
        .isBetween(0.1, 0.9);
  }

  private static Volume volume(
      PodTemplateSpec t, java.util.function.Predicate<Volume> which, String where) {
    List<Volume> found = t.getSpec().getVolumes().stream().filter(which).toList();
    assertThat(found).as(where).hasSize(1);
    return found.get(0);
  }

  private static VolumeMount mount(Container c, String volume, String where) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new AssertionError(where + ": no mount of volume " + volume));
  }

  @Test
  void theBaseDeploymentFitsTheImageTheConfigurationAndTheKafkaUser() throws Exception {
    Map<String, Object> d =
        deployment(K8sManifests.documents(K8sManifests.file("base/flinkdeployment.yaml")), "base");
    check(d, (String) K8sManifests.configMapGenerator().get("name"), "base/flinkdeployment.yaml");
  }

  @Test
  void theConfigMapIsGeneratedFromTheSampleFile() throws Exception {
    Map<String, Object> generator = K8sManifests.configMapGenerator();
    assertThat(K8sManifests.<List<String>>at(generator, "files"))
        .containsExactly("rateflow.properties=../rateflow.properties");
    assertThat(K8sManifests.file("base").resolve("../rateflow.properties")).exists();
    assertThat(K8sManifests.<String>at(generator, "namespace"))
        .isEqualTo(
            K8sManifests.at(
                deployment(
                    K8sManifests.documents(K8sManifests.file("base/flinkdeployment.yaml")), "base"),
                "metadata",
                "namespace"));
  }
}

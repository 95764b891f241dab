package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone cluster's classpath: Flink's runtime, nothing the job jar must bring itself. */
class FlinkRuntimeClasspathTest {
  @Test
  void aMainJarIsRecognisedWhereverTheRepositoryIs() {
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of(
                    "/home/u/.m2/repository/org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar"),
                "org.apache.flink:flink-runtime"))
        .isTrue();
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of("/cache/m2/org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar"),
                "org.apache.flink:flink-runtime"))
        .isTrue();
  }

  @Test
  void testJarsOtherArtifactsAndModuleClassesAreNot() {
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of("/r/org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1-tests.jar"),
                "org.apache.flink:flink-runtime"))
        .isFalse();
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of("/r/org/apache/flink/flink-runtime-web/2.2.1/flink-runtime-web-2.2.1.jar"),
                "org.apache.flink:flink-runtime"))
        .isFalse();
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of("/r/com/other/flink-runtime/2.2.1/flink-runtime-2.2.1.jar"),
                "org.apache.flink:flink-runtime"))
        .isFalse();
    assertThat(
            FlinkRuntimeClasspath.isMainJarOf(
                Path.of("/work/rateflow/jobs/target/classes"), "org.apache.flink:flink-runtime"))
        .isFalse();
  }

  @Test
  void fromThisTestsClasspathItKeepsFlinkAndLeavesOutWhatTheJobJarCarries() {
    List<String> jars =
        FlinkRuntimeClasspath.of(System.getProperty("java.class.path")).stream()
            .map(p -> p.getFileName().toString())
            .toList();
    assertThat(jars)
        .hasSize(FlinkRuntimeClasspath.ARTIFACTS.size())
        .anyMatch(j -> j.startsWith("flink-runtime-2"))
        .anyMatch(j -> j.startsWith("flink-statebackend-rocksdb-"));
    assertThat(jars)
        .noneMatch(
            j ->
                j.startsWith("kafka")
                    || j.startsWith("avro-")
                    || j.startsWith("flink-avro")
                    || j.startsWith("flink-connector-kafka")
                    || j.startsWith("flink-connector-base")
                    || j.startsWith("rateflow-")
                    || j.startsWith("jackson-")
                    || j.startsWith("snakeyaml-2")
                    || j.endsWith("-tests.jar"));
  }

  @Test
  void aMissingArtifactIsNamedWithWhatToDo() {
    String onlyCore =
        String.join(
            File.pathSeparator, "/r/org/apache/flink/flink-core/2.2.1/flink-core-2.2.1.jar");
    assertThatThrownBy(() -> FlinkRuntimeClasspath.of(onlyCore))
        .hasMessageContaining("org.apache.flink:flink-runtime")
        .hasMessageContaining("dependency:tree");
  }
}

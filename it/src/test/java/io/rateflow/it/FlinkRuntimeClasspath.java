package io.rateflow.it;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Flink distribution's {@code lib/} holds, approximated from the jars this build already
 * resolved (flink-dist is not served here): the runtime closure of flink-streaming-java,
 * flink-clients, flink-statebackend-rocksdb and flink-runtime-web (as {@code mvn dependency:tree}
 * of {@code cli} shows it), plus Log4j 2 and its SLF4J binding.
 *
 * <p>An allowlist, not a filter of what to drop: everything a job brings itself (rateflow's
 * modules, the Kafka connector and clients, flink-avro, Avro, Jackson, SnakeYAML) must come from
 * the job jar, as on a real cluster. If the cluster could see them, class loading problems between
 * the job jar and the cluster would stay hidden, which is what this test is for.
 */
final class FlinkRuntimeClasspath {
  /** Maven coordinates as {@code group:artifact}. */
  static final List<String> ARTIFACTS =
      List.of(
          // Flink: what flink-dist bundles for a streaming job, the RocksDB backend and the web UI
          "org.apache.flink:flink-annotations",
          "org.apache.flink:flink-core",
          "org.apache.flink:flink-core-api",
          "org.apache.flink:flink-metrics-core",
          "org.apache.flink:flink-runtime",
          "org.apache.flink:flink-rpc-core",
          "org.apache.flink:flink-rpc-akka-loader",
          "org.apache.flink:flink-datastream",
          "org.apache.flink:flink-datastream-api",
          "org.apache.flink:flink-streaming-java",
          "org.apache.flink:flink-clients",
          "org.apache.flink:flink-file-sink-common",
          "org.apache.flink:flink-queryable-state-client-java",
          "org.apache.flink:flink-hadoop-fs",
          "org.apache.flink:flink-connector-datagen",
          "org.apache.flink:flink-statebackend-rocksdb",
          "org.apache.flink:flink-runtime-web",
          "org.apache.flink:flink-shaded-asm-9",
          "org.apache.flink:flink-shaded-guava",
          "org.apache.flink:flink-shaded-jackson",
          "org.apache.flink:flink-shaded-netty",
          "org.apache.flink:flink-shaded-zookeeper-3",
          // their third-party dependencies (flink-dist shades these in)
          "com.ververica:frocksdbjni",
          "org.snakeyaml:snakeyaml-engine",
          "com.esotericsoftware:kryo",
          "com.esotericsoftware:reflectasm",
          "com.esotericsoftware:minlog",
          "org.objenesis:objenesis",
          "org.apache.commons:commons-lang3",
          "org.apache.commons:commons-text",
          "org.apache.commons:commons-math3",
          "org.apache.commons:commons-compress",
          "commons-collections:commons-collections",
          "commons-io:commons-io",
          "commons-cli:commons-cli",
          "org.javassist:javassist",
          "tools.profiler:async-profiler",
          "com.google.code.findbugs:jsr305",
          "at.yawk.lz4:lz4-java",
          "org.xerial.snappy:snappy-java",
          // logging, as lib/ has it
          "org.slf4j:slf4j-api",
          "org.apache.logging.log4j:log4j-api",
          "org.apache.logging.log4j:log4j-core",
          "org.apache.logging.log4j:log4j-slf4j2-impl");

  private FlinkRuntimeClasspath() {}

  /**
   * The jars of {@link #ARTIFACTS} found on {@code classpath}; fails naming any that is missing.
   */
  static List<Path> of(String classpath) {
    List<Path> jars = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>(ARTIFACTS);
    for (String entry : classpath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      for (String coordinates : ARTIFACTS) {
        if (isMainJarOf(jar, coordinates) && missing.remove(coordinates)) {
          jars.add(jar);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the Flink runtime for the standalone cluster lacks "
              + missing
              + " on the test classpath: a dependency changed; update FlinkRuntimeClasspath.ARTIFACTS from"
              + " 'mvn -pl cli dependency:tree'");
    }
    return jars;
  }

  /**
   * Whether {@code jar} is the main jar of {@code group:artifact} in a Maven repository layout
   * ({@code .../group/path/artifact/version/artifact-version.jar}), wherever the repository is; a
   * {@code -tests} jar or a module's {@code target/classes} is not.
   */
  static boolean isMainJarOf(Path jar, String coordinates) {
    String[] ga = coordinates.split(":");
    int n = jar.getNameCount();
    if (n < 4) {
      return false;
    }
    String version = jar.getName(n - 2).toString();
    Path artifactDir = jar.getParent().getParent();
    return jar.getFileName().toString().equals(ga[1] + "-" + version + ".jar")
        && artifactDir.endsWith(Path.of(ga[0].replace('.', '/'), ga[1]));
  }
}

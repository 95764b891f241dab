package io.rateflow.cli.bench;

import io.rateflow.cli.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the JMH benchmarks of the {@code bench} module in a child JVM ({@code org.openjdk.jmh.Main}
 * on {@code bench/target/classes:bench/target/lib/*}), building the module first when it is missing
 * or older than its sources. JMH stays off the launcher's own classpath.
 */
final class JmhLauncher {
  private JmhLauncher() {}

  static int run(List<String> jmhArgs) throws IOException, InterruptedException {
    Path root = Home.dir().toAbsolutePath().normalize();
    Path classes = root.resolve("bench/target/classes");
    Path benchmarkList = classes.resolve("META-INF/BenchmarkList");
    if (stale(root, benchmarkList)) {
      System.out.println(
          "rateflow bench: building the bench module (mvn -q -B -DskipTests -pl bench -am package)...");
      int built =
          new ProcessBuilder("mvn", "-q", "-B", "-DskipTests", "-pl", "bench", "-am", "package")
              .directory(root.toFile())
              .inheritIO()
              .start()
              .waitFor();
      if (built != 0) {
        System.err.println(
            "rateflow bench: the build failed; run 'mvn -pl bench -am package' in "
                + root
                + " to see why");
        return built;
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Drateflow.home=" + root);
    command.add("-cp");
    command.add(classes + ":" + root.resolve("bench/target/lib") + "/*");
    command.add("org.openjdk.jmh.Main");
    command.addAll(jmhArgs);
    System.out.println("rateflow bench: " + String.join(" ", command));
    Process jmh = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
    try {
      return jmh.waitFor();
    } finally {
      // Leave nothing running if the launcher is interrupted.
      jmh.destroy();
    }
  }

  private static boolean stale(Path root, Path benchmarkList) throws IOException {
    if (!Files.exists(benchmarkList)) {
      return true;
    }
    long built = Files.getLastModifiedTime(benchmarkList).toMillis();
    for (Path src :
        List.of(
            root.resolve("bench/src"), root.resolve("jobs/src"), root.resolve("bench/pom.xml"))) {
      if (!Files.exists(src)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(src)) {
        if (files.anyMatch(f -> Files.isRegularFile(f) && modified(f) > built)) {
          return true;
        }
      }
    }
    return false;
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}

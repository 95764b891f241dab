package io.rateflow.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster as child JVMs on this machine, started the way Flink's {@code
 * bin/jobmanager.sh} and {@code bin/taskmanager.sh} start them: a {@code config.yaml} in a
 * configuration directory, the JVM's memory flags and the memory options derived from it as the
 * scripts' {@code BashJavaUtils} derives them, and only Flink's runtime on the classpath ({@link
 * FlinkRuntimeClasspath}). Each child's output goes to {@code target/standalone-cluster/NAME.log}.
 */
final class FlinkProcesses implements AutoCloseable {
  static final Path LOGS = Path.of("target", "standalone-cluster").toAbsolutePath();
  static final String JOB_MANAGER =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** The JVM options of Flink's default config.yaml ({@code env.java.opts.all}) for Java 17. */
  static final List<String> JAVA_17_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final Path configDir;
  private final Configuration config;
  private final String classpath;
  private final int restPort;
  private final Map<String, Process> children = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread reaper = new Thread(this::destroyAll, "standalone-cluster-reaper");

  private FlinkProcesses(Path work, Map<String, String> settings) throws IOException {
    this.work = Files.createDirectories(work);
    this.configDir = Files.createDirectories(work.resolve("conf"));
    this.restPort = freePort();
    Map<String, String> yaml = new LinkedHashMap<>();
    yaml.put("jobmanager.rpc.address", "localhost");
    yaml.put("jobmanager.rpc.port", Integer.toString(freePort()));
    yaml.put("jobmanager.bind-host", "localhost");
    yaml.put("taskmanager.bind-host", "localhost");
    yaml.put("taskmanager.host", "localhost");
    yaml.put("rest.address", "localhost");
    yaml.put("rest.bind-address", "localhost");
    yaml.put("rest.port", Integer.toString(restPort));
    yaml.putAll(settings);
    Files.writeString(
        configDir.resolve("config.yaml"),
        yaml.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
    Files.writeString(
        configDir.resolve("log4j.properties"),
        """
        rootLogger.level = INFO
        rootLogger.appenderRef.out.ref = Out
        appender.out.type = Console
        appender.out.name = Out
        appender.out.layout.type = PatternLayout
        appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n
        logger.kafka.name = org.apache.kafka
        logger.kafka.level = WARN
        """);
    // Read back as the processes will: a key the YAML parser refuses fails here, with its reason.
    this.config = GlobalConfiguration.loadConfiguration(configDir.toString());
    this.classpath =
        FlinkRuntimeClasspath.of(System.getProperty("java.class.path")).stream()
            .map(Path::toString)
            .collect(Collectors.joining(java.io.File.pathSeparator));
    Files.createDirectories(LOGS);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Writes the configuration and starts the JobManager; add TaskManagers with {@link
   * #startTaskManager}.
   */
  static FlinkProcesses startJobManager(Path work, Map<String, String> settings)
      throws IOException {
    FlinkProcesses cluster = new FlinkProcesses(work, settings);
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(cluster.config);
    cluster.start(
        "jobmanager",
        JOB_MANAGER,
        JobManagerProcessUtils.generateJvmParametersStr(spec, cluster.config),
        JobManagerProcessUtils.generateDynamicConfigsStr(spec),
        List.of());
    return cluster;
  }

  /** Starts a TaskManager named {@code name}, also its resource id (what the REST API lists). */
  void startTaskManager(String name) throws IOException {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    Path tmp = Files.createDirectories(work.resolve(name + "-tmp"));
    start(
        name,
        TASK_MANAGER,
        ProcessMemoryUtils.generateJvmParametersStr(spec),
        TaskExecutorProcessUtils.generateDynamicConfigsStr(spec),
        List.of("-D", "taskmanager.resource-id=" + name, "-D", "io.tmp.dirs=" + tmp));
  }

  private void start(
      String name, String mainClass, String jvmMemory, String dynamicConfigs, List<String> extra)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(jvmMemory.trim().split("\\s+")));
    cmd.addAll(JAVA_17_OPTIONS);
    // Test-only, for a two-core machine shared with the broker and the test: no GC threads beside
    // the tasks, and no C2 compiler threads (they take most of the CPU of a short-lived JVM).
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dlog4j.configurationFile=" + configDir.resolve("log4j.properties").toUri());
    cmd.addAll(List.of("-cp", classpath, mainClass, "--configDir", configDir.toString()));
    cmd.addAll(Arrays.asList(dynamicConfigs.trim().split("\\s+")));
    cmd.addAll(extra);
    Files.writeString(log(name), String.join(" ", cmd) + "\n");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
            .start();
    children.put(name, p);
  }

  /** Settings for config.yaml as key, value, key, value...; in that order in the file. */
  static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  /** {@code HOST:PORT} of the REST endpoint, as {@code ./rateflow run --flink} takes it. */
  String restAddress() {
    return "localhost:" + restPort;
  }

  /**
   * kill -9: {@link Process#destroyForcibly()} is SIGKILL on Linux; no shutdown hook of the child
   * runs.
   */
  void kill(String name) throws InterruptedException {
    Process p = children.get(name);
    p.destroyForcibly();
    p.waitFor();
  }

  boolean isAlive(String name) {
    return children.get(name).isAlive();
  }

  /** GET on the REST API; the JSON answer. */
  JsonNode get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the REST API answers {@code path} with something {@code done} accepts; fails after
   * {@code timeout} with the last answer, or at once if a child process has died.
   */
  JsonNode await(String path, Predicate<JsonNode> done, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      children.forEach(
          (name, p) -> {
            if (!p.isAlive() && p.exitValue() != 137 && p.exitValue() != 0) {
              throw new AssertionError(
                  name
                      + " exited with "
                      + p.exitValue()
                      + " while waiting for "
                      + what
                      + "; "
                      + tail(name, 40));
            }
          });
      try {
        JsonNode answer = get(path);
        if (done.test(answer)) {
          return answer;
        }
        last = answer.toString();
      } catch (RuntimeException e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + timeout.toSeconds()
                + " s for "
                + what
                + "; GET "
                + path
                + " last answered: "
                + last);
      }
      Thread.sleep(250);
    }
  }

  /** The last {@code lines} lines of a child's log. */
  String tail(String name, int lines) {
    try {
      List<String> all = Files.readAllLines(log(name));
      return "last lines of "
          + log(name)
          + ":\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "no log at " + log(name) + ": " + e;
    }
  }

  /** Every child's log tail, for a failed test. */
  String tails(int lines) {
    return children.keySet().stream().map(n -> tail(n, lines)).collect(Collectors.joining("\n\n"));
  }

  static Path log(String name) {
    return LOGS.resolve(name + ".log");
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  private void destroyAll() {
    for (Process p : children.values()) {
      p.destroyForcibly();
    }
    for (Process p : children.values()) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.Main;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.offline.OfflineRating;
import io.rateflow.cli.run.OutputTally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The shaded job jar on a real standalone Flink session cluster: a JobManager and two TaskManagers
 * as separate JVMs with only Flink's runtime on their classpath ({@link FlinkProcesses}), the job
 * submitted with {@code ./rateflow run --flink}, one TaskManager killed with kill -9 mid-stream,
 * the job stopped with {@code ./rateflow stop --flink}. It catches what a MiniCluster hides: what
 * the job jar lacks or brings twice, classes loaded by the cluster instead of the job's class
 * loader, records serialized between processes, settings only a cluster reads.
 *
 * <p>No MiniCluster here, so it does not extend {@link KafkaFlinkTestBase}: only the broker.
 */
class StandaloneClusterITCase {
  static final int ACCOUNTS = 8;

  static EmbeddedKafka kafka;

  FlinkProcesses cluster;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @AfterEach
  void noChildLeftRunning() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theJobJarOnASessionClusterChargesEveryEventOnceThroughATaskManagerKilledWithKill9(
      TestInfo test) throws Exception {
    Path jar = jobJar();
    long started = System.nanoTime();
    Path work =
        Files.createDirectories(FlinkProcesses.LOGS.resolve("work-" + System.currentTimeMillis()));
    Path savepoints = work.resolve("savepoints");
    cluster =
        FlinkProcesses.startJobManager(
            work,
            FlinkProcesses.settings(
                "taskmanager.numberOfTaskSlots", "2",
                // one task per TaskManager at parallelism 2, so either kill hits the job; the
                // survivor's two
                // slots are enough to restart it
                "cluster.evenly-spread-out-slots", "true",
                "jobmanager.memory.process.size", "768m",
                "taskmanager.memory.process.size", "1g",
                // at 1g Flink's defaults leave the tasks 26 MB of heap: less managed memory
                // (RocksDB's
                // cache), a smaller metaspace floor and overhead give them about 215 MB
                "taskmanager.memory.managed.fraction", "0.2",
                "taskmanager.memory.jvm-metaspace.size", "224m",
                "taskmanager.memory.jvm-overhead.min", "128m",
                // a killed TaskManager refuses the JobManager's heartbeat RPCs and is declared lost
                // after two
                // (heartbeat.rpc-failure-threshold), whatever the timeout; the timeout only covers
                // a
                // TaskManager that hangs, and a short one declares busy TaskManagers on a loaded
                // machine dead
                "heartbeat.interval", "2000",
                "heartbeat.timeout", "30000",
                // the RPC system's 10 s defaults fail a TaskManager's start on a machine under
                // heavy load
                "pekko.startup-timeout", "60 s",
                "pekko.ask.timeout", "30 s",
                // stop-with-savepoint without --savepoint-dir writes here: read by the cluster only
                "execution.checkpointing.savepoint-dir", savepoints.toUri().toString()));
    try {
      cluster.startTaskManager("tm-1");
      cluster.startTaskManager("tm-2");
      // generous: on a loaded two-core machine three JVMs take a while to start
      cluster.await(
          "/overview",
          o -> o.path("taskmanagers").asInt() == 2,
          Duration.ofSeconds(180),
          "two TaskManagers registered");
      System.out.printf(
          "standalone cluster up in %d s%n", (System.nanoTime() - started) / 1_000_000_000);

      PipelineFixture f = new PipelineFixture(kafka, "cluster");
      f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
      List<AccountProfile> profiles = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        profiles.add(account("a" + i, "USD", "smb", AccountStatus.ACTIVE));
      }
      f.accounts(profiles.toArray(AccountProfile[]::new));
      Traffic traffic = new Traffic(new SplittableRandom(17));
      // Longer than the default 30 s: on a loaded machine the cluster deploys the accounts source
      // up
      // to a minute after the events source, and events held for their profile must not time out.
      Path properties =
          PipelineFixture.writeProperties(f.config, work.resolve("rateflow.properties"), "3m");

      try (OutputTally tally =
          new OutputTally(
              kafka.bootstrapServers(),
              f.config.chargesTopic(),
              f.config.rejectedTopic(),
              f.config.eventsTopic(),
              true)) {
        int sent = f.events(traffic.next(1500));
        Cli run =
            Cli.run(
                "run",
                "--config",
                properties.toString(),
                "--flink",
                cluster.restAddress(),
                "--checkpoints",
                work.resolve("checkpoints").toUri().toString(),
                "--job-jar",
                jar.toString(),
                "--parallelism",
                "2");
        assertThat(run.exitCode()).as("run's output: %s", run.output()).isZero();
        String jobId = run.find("submitted job ([0-9a-f]{32})");
        cluster.await(
            "/jobs/" + jobId,
            j -> allRunning(j),
            Duration.ofSeconds(120),
            "every task of job " + jobId + " running");

        // mid-stream: some charges committed, more events on their way, transactions open
        awaitAccounted(tally, 300);
        ActivityEvent charged = traffic.sentEvent(tally.keptCharges().get(0).getEventId());
        sent += f.events(traffic.next(750));
        String victim = busiestTaskManager();
        cluster.kill(victim);
        sent += f.events(traffic.next(750));
        sent += f.events(traffic.rejects(charged));

        awaitAccounted(tally, sent);
        // the REST API fetches metrics lazily: the first answer may be empty
        cluster.await(
            "/jobs/" + jobId + "/metrics?get=numRestarts",
            m -> m.path(0).path("value").asLong() >= 1,
            Duration.ofSeconds(30),
            "numRestarts >= 1: the job restarted after " + victim + " was killed");
        JsonNode overview = cluster.get("/overview");
        assertThat(overview.path("taskmanagers").asInt())
            .as("TaskManagers left: %s", overview)
            .isEqualTo(1);

        Cli stop =
            Cli.run("stop", "--flink", cluster.restAddress(), "--job", jobId, "--timeout", "60s");
        assertThat(stop.exitCode()).as("stop's output: %s", stop.output()).isZero();
        String savepoint = stop.find("stopped with savepoint (\\S+)");
        assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).isRegularFile();
        assertThat(Path.of(java.net.URI.create(savepoint)).startsWith(savepoints))
            .as("savepoint %s in %s", savepoint, savepoints)
            .isTrue();
        cluster.await(
            "/jobs/" + jobId,
            j -> j.path("state").asText().equals("FINISHED"),
            Duration.ofSeconds(30),
            "job FINISHED");
        tally.poll(Duration.ofSeconds(1));

        assertThat(tally.duplicateChargeIds()).isZero();
        assertThat(tally.rated() + tally.rejectedEvents())
            .as("received == rated + rejected")
            .isEqualTo(sent);
        assertThat(tally.rejectedByReason())
            .as("rejections: %s", tally.keptRejections())
            .containsExactlyInAnyOrderEntriesOf(Map.of("MALFORMED", 1L, "DUPLICATE", 1L));

        // the same input rated by the offline engine, in this JVM: same charge ids, same amounts
        OfflineRating.Result reference = traffic.rateOffline(work.resolve("offline"), profiles);
        assertThat(byEvent(tally.keptCharges())).isEqualTo(byEvent(reference.charges()));
        assertThat(reasons(tally.keptRejections())).isEqualTo(reasons(reference.rejected()));
      }
    } catch (Throwable t) {
      System.err.println(
          test.getDisplayName()
              + " failed; the cluster's logs are in "
              + FlinkProcesses.LOGS
              + (cluster == null ? "" : "\n" + cluster.tails(60)));
      throw t;
    }
  }

  /**
   * The job jar as {@code mvn package} builds it; the test is about that jar, it cannot stand in
   * for it.
   */
  static Path jobJar() throws IOException {
    Path target = Path.of("..", "jobs", "target").toAbsolutePath().normalize();
    try (var files =
        Files.exists(target) ? Files.list(target) : java.util.stream.Stream.<Path>empty()) {
      return files
          .filter(p -> p.getFileName().toString().matches("rateflow-jobs-.*-job\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no job jar rateflow-jobs-*-job.jar in "
                          + target
                          + ": run 'mvn -pl jobs -am package -DskipTests' first (mvn verify builds it before the it module runs)"));
    }
  }

  private static boolean allRunning(JsonNode job) {
    JsonNode vertices = job.path("vertices");
    return job.path("state").asText().equals("RUNNING")
        && vertices.size() > 0
        && StreamSupport.stream(vertices.spliterator(), false)
            .allMatch(v -> v.path("status").asText().equals("RUNNING"));
  }

  /** The TaskManager with the most busy slots: the kill must hit the job. */
  private String busiestTaskManager() {
    JsonNode tms = cluster.get("/taskmanagers").path("taskmanagers");
    String busiest = null;
    int most = 0;
    for (JsonNode tm : tms) {
      int busy = tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt();
      if (busy > most) {
        most = busy;
        busiest = tm.path("id").asText();
      }
    }
    assertThat(busiest).as("a TaskManager running tasks: %s", tms).isNotNull();
    return busiest;
  }

  private void awaitAccounted(OutputTally tally, long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (tally.rated() + tally.rejectedEvents() < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + (tally.rated() + tally.rejectedEvents())
                + " of "
                + expected
                + " events accounted for in 120 s; job: "
                + cluster.get("/jobs/overview"));
      }
      tally.poll(Duration.ofMillis(200));
    }
  }

  /** account/event → "charge id amount"; an event charged twice fails. */
  static Map<String, String> byEvent(List<Charge> charges) {
    return charges.stream()
        .collect(
            Collectors.toMap(
                c -> c.getAccountId() + "/" + c.getEventId(),
                c -> c.getChargeId() + " " + c.getAmountMinor(),
                (a, b) -> {
                  throw new AssertionError("charged twice: " + a + " and " + b);
                },
                TreeMap::new));
  }

  /** event id (or "-" for an unreadable record) → reasons, sorted. */
  static Map<String, List<String>> reasons(List<RejectedEvent> rejected) {
    return rejected.stream()
        .collect(
            Collectors.groupingBy(
                r -> r.getEventId() == null ? "-" : r.getEventId(),
                TreeMap::new,
                Collectors.mapping(
                    RejectedEvent::getReasonCode,
                    Collectors.collectingAndThen(
                        Collectors.toList(), l -> l.stream().sorted().toList()))));
  }

  /**
   * The events sent, in order, to be rated again by the offline engine. Event times grow with the
   * order sent, so the stream (arrival order per account) and the batch engine (event-time order)
   * see each account's usage in the same order.
   */
  static final class Traffic {
    private final SplittableRandom random;
    private final List<ActivityEvent> sent = new ArrayList<>();
    private final Instant base = Instant.parse("2026-11-20T00:00:00Z");

    Traffic(SplittableRandom random) {
      this.random = random;
    }

    List<Object> next(int n) {
      List<Object> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = sent.size();
        boolean storage = random.nextInt(4) == 0;
        ActivityEvent e =
            event(
                "e" + k,
                "a" + random.nextInt(ACCOUNTS),
                storage ? "storage_gb" : "api_calls",
                storage
                    ? (1 + random.nextInt(40)) / 8.0 + ""
                    : Integer.toString(1 + random.nextInt(9)),
                base.plusSeconds(k).toString());
        sent.add(e);
        batch.add(e);
      }
      return batch;
    }

    /**
     * A producer's retry of {@code charged} (charged before the kill: the de-duplication memory
     * must survive it) and bytes that are no record (the dead letter carries them across
     * processes).
     */
    List<Object> rejects(ActivityEvent charged) {
      sent.add(charged);
      return List.of(charged, new byte[] {(byte) 0xFF, 0x00, 0x13});
    }

    ActivityEvent sentEvent(String eventId) {
      return sent.stream().filter(e -> e.getEventId().equals(eventId)).findFirst().orElseThrow();
    }

    OfflineRating.Result rateOffline(Path dir, List<AccountProfile> profiles) throws Exception {
      Files.createDirectories(dir.resolve("rules"));
      Files.writeString(dir.resolve("rules/usd-v1.yaml"), RatingJobITCase.USD_V1);
      Path accounts = dir.resolve("accounts.jsonl");
      Files.write(
          accounts,
          profiles.stream()
              .map(
                  p ->
                      "{\"account_id\":\""
                          + p.getAccountId()
                          + "\",\"currency\":\""
                          + p.getCurrency()
                          + "\"}")
              .toList());
      Path events = dir.resolve("events.jsonl");
      List<String> lines = new ArrayList<>();
      for (ActivityEvent e : sent) {
        lines.add(
            "{\"event_id\":\""
                + e.getEventId()
                + "\",\"account_id\":\""
                + e.getAccountId()
                + "\",\"meter\":\""
                + e.getMeter()
                + "\",\"quantity\":\""
                + e.getQuantity().toPlainString()
                + "\",\"event_time\":\""
                + e.getEventTime()
                + "\"}");
      }
      lines.add("\u00ff not a record");
      Files.write(events, lines);
      return OfflineRating.rate(dir.resolve("rules"), accounts, events, 1);
    }
  }

  /** A command of {@code ./rateflow} run in this JVM, its output shown and kept. */
  record Cli(int exitCode, String output) {
    static Cli run(String... args) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
      try {
        int code = Main.commandLine().execute(args);
        return new Cli(code, captured.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }

    /** The first group of {@code regex} in the output; fails if the output lacks it. */
    String find(String regex) {
      Matcher m = Pattern.compile(regex).matcher(output);
      assertThat(m.find()).as("'%s' in the output: %s", regex, output).isTrue();
      return m.group(1);
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}

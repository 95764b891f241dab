package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.TopicLayout;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ./rateflow run} in a child JVM, killed with kill -9, started again, stopped with
 * {@code ./rateflow stop} and started again: every event charged exactly once, with the same charge
 * ids and amounts as an uninterrupted run over the same input.
 */
class RunResumeITCase extends KafkaFlinkTestBase {
  static final int ACCOUNTS = 5;

  /**
   * The child runs' checkout: outputs, logs and state, kept under target/ for a look after a
   * failure.
   */
  Path home;

  @org.junit.jupiter.api.BeforeEach
  void home() throws IOException {
    home =
        Files.createDirectories(
            Path.of("target", "run-resume", java.util.UUID.randomUUID().toString())
                .toAbsolutePath());
  }

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void noChildLeftRunning() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void killedStoppedAndRestartedRunsChargeEveryEventOnceAsAnUninterruptedRunWould()
      throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "resume");
    RatingConfig config = f.config;
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    List<AccountProfile> profiles = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      profiles.add(account("a" + i, "USD", "smb", AccountStatus.ACTIVE));
    }
    f.accounts(profiles.toArray(AccountProfile[]::new));
    Path properties =
        PipelineFixture.writeProperties(config, home.resolve("rateflow.properties"), "30s");
    String cp = home.resolve("checkpoints").toString();
    List<Object> all = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(11);

    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      int sent = send(f, all, random, 200);
      Process first = run(properties, cp, "run-1");
      assertThat(awaitOutput("run-1", "starting fresh")).isTrue();
      await(first, tally, sent);

      // mid-stream: events on their way, some charged, transactions open
      sent += send(f, all, random, 1500);
      awaitAtLeast(first, tally, 200 + 1);
      first.destroyForcibly().waitFor();

      Process second = run(properties, cp, "run-2");
      // printed once the job runs and its REST port is written for stop
      assertThat(awaitOutput("run-2", "on a local MiniCluster")).isTrue();
      assertThat(output("run-2")).contains("resuming from ");
      assertThat(output("run-2")).contains("(checkpoint of ");
      await(second, tally, sent);

      sent += send(f, all, random, 300);
      Process stop = child(List.of("stop"), "stop");
      assertThat(stop.waitFor())
          .as(
              "stop's exit code; its output: %s; the run printed: %s",
              output("stop"), output("run-2"))
          .isZero();
      assertThat(output("stop")).contains("stopped with savepoint");
      assertThat(second.waitFor()).as("run-2 exit code; it printed: %s", output("run-2")).isZero();

      Process third = run(properties, cp, "run-3");
      assertThat(awaitOutput("run-3", "on a local MiniCluster")).isTrue();
      assertThat(output("run-3")).contains("resuming from ");
      assertThat(output("run-3")).contains("(savepoint of ");
      sent += send(f, all, random, 300);
      await(third, tally, sent);
      third.destroy(); // Ctrl-C: cancels, the checkpoints stay
      third.waitFor();

      assertThat(tally.rejectedEvents()).as("rejections: %s", tally.keptRejections()).isZero();
      assertThat(tally.duplicateChargeIds()).isZero();
      Map<String, String> resumed = byEvent(tally.keptCharges());
      assertThat(resumed).hasSize(sent);
      assertThat(amounts(resumed)).isEqualTo(expectedAmounts(all));

      // The same input, uninterrupted, on other output topics
      RatingConfig reference = outputsOf(config, "resume-ref");
      TopicLayout.createOutputs(kafka, reference, 2);
      JobClient job = startInProcess(reference);
      try (OutputTally ref =
          new OutputTally(
              kafka.bootstrapServers(),
              reference.chargesTopic(),
              reference.rejectedTopic(),
              reference.eventsTopic(),
              true)) {
        assertThat(JobWatch.awaitAccounted(job, ref, sent, Duration.ofSeconds(120), n -> {}))
            .isEqualTo(JobWatch.Outcome.ACCOUNTED);
        assertThat(byEvent(ref.keptCharges())).isEqualTo(resumed);
      } finally {
        JobWatch.stop(job);
      }
    }
  }

  /**
   * account/event → "charge id amount" of every committed charge; a second charge of an event would
   * fail.
   */
  private static Map<String, String> byEvent(List<Charge> charges) {
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

  private static Map<String, Long> amounts(Map<String, String> byEvent) {
    Map<String, Long> out = new TreeMap<>();
    byEvent.forEach((k, v) -> out.put(k, Long.parseLong(v.substring(v.indexOf(' ') + 1))));
    return out;
  }

  /**
   * The graduated price in cents, P(u) = 10 × min(u, 100) + 5 × max(u − 100, 0); each event pays
   * P(after) − P(before).
   */
  private static Map<String, Long> expectedAmounts(List<Object> events) {
    Map<String, Long> usage = new HashMap<>();
    Map<String, Long> out = new TreeMap<>();
    for (Object o : events) {
      var e = (io.rateflow.avro.ActivityEvent) o;
      long before = usage.getOrDefault(e.getAccountId(), 0L);
      long after = before + e.getQuantity().longValueExact();
      usage.put(e.getAccountId(), after);
      out.put(e.getAccountId() + "/" + e.getEventId(), price(after) - price(before));
    }
    return out;
  }

  private static long price(long u) {
    return 10 * Math.min(u, 100) + 5 * Math.max(u - 100, 0);
  }

  private static int send(PipelineFixture f, List<Object> all, SplittableRandom random, int n) {
    List<Object> batch = new ArrayList<>();
    Instant base = Instant.parse("2026-11-20T00:00:00Z");
    for (int i = 0; i < n; i++) {
      int k = all.size() + i;
      batch.add(
          event(
              "e" + k,
              "a" + random.nextInt(ACCOUNTS),
              "api_calls",
              Integer.toString(1 + random.nextInt(9)),
              base.plusSeconds(k).toString()));
    }
    all.addAll(batch);
    return f.events(batch);
  }

  private Process run(Path properties, String checkpoints, String name) throws IOException {
    return child(
        List.of(
            "run",
            "--config",
            properties.toString(),
            "--checkpoints",
            checkpoints,
            "--parallelism",
            "1"),
        name);
  }

  /**
   * {@code io.rateflow.cli.Main} in its own JVM, with this test's classpath and {@code home} as the
   * checkout.
   */
  private Process child(List<String> args, String name) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx640m",
                "-Dorg.apache.avro.fastread=true",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Drateflow.home=" + home,
                "-Drateflow.log.file=" + home.resolve(name + ".log"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.rateflow.cli.Main"));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(home.resolve(name + ".out").toFile())
            .start();
    children.add(p);
    return p;
  }

  private String output(String name) throws IOException {
    Path out = home.resolve(name + ".out");
    return Files.exists(out) ? Files.readString(out) : "";
  }

  private boolean awaitOutput(String name, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!output(name).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '" + text + "' from " + name + " within 60 s; it printed: " + output(name));
      }
      Thread.sleep(200);
    }
    return true;
  }

  private void await(Process p, OutputTally tally, long expected) throws Exception {
    awaitAtLeast(p, tally, expected);
  }

  /**
   * Reads committed output until {@code expected} events are accounted for; the child must stay up.
   */
  private void awaitAtLeast(Process p, OutputTally tally, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (tally.rated() + tally.rejectedEvents() < expected) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "the run ended (exit "
                + p.exitValue()
                + ") before "
                + expected
                + " events were accounted for");
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + (tally.rated() + tally.rejectedEvents())
                + " of "
                + expected
                + " events accounted for in 120 s");
      }
      tally.poll(Duration.ofMillis(200));
    }
  }

  private JobClient startInProcess(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  /** The same inputs, its own outputs, group and transactions. */
  static RatingConfig outputsOf(RatingConfig c, String name) {
    return c.toBuilder()
        .chargesTopic(name + "-charges")
        .rejectedTopic(name + "-rejected")
        .rejectedRulesTopic(name + "-rejected-rules")
        .estimateResponsesTopic(name + "-estimate-responses")
        .movementsTopic(name + "-movements")
        .triggersTopic(name + "-triggers")
        .balancesTopic(name + "-balances")
        .journalTopic(name + "-journal")
        .journalDetailTopic(name + "-journal-detail")
        .analyticsTopic(name + "-analytics")
        .correctionsTopic(name + "-corrections")
        .ledgerRejectedTopic(name + "-ledger-rejected")
        .groupId(name)
        .transactionalIdPrefix(name)
        .pendingTimeout(Duration.ofSeconds(30))
        .build();
  }
}

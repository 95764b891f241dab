package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.cli.Main;
import io.rateflow.cli.offline.JsonLines;
import io.rateflow.cli.offline.OfflineRating;
import io.rateflow.cli.topics.JobTopic;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does on a fresh broker, through the commands the README names and nothing else:
 * create the topics, send their own accounts and events as JSON Lines, run the job, publish rules,
 * tail the committed charges, which must equal what {@code rate} computes offline from the same
 * files.
 */
class NewcomerITCase extends KafkaFlinkTestBase {
  @TempDir Path files;

  /** One run of {@code ./rateflow ARGS} in this JVM, as the launcher runs it. */
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run rateflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void fromAnEmptyBrokerToExactChargesWithoutWritingCode() throws Exception {
    String b = kafka.bootstrapServers();

    // 1. the topics, as k8s/topics.yaml defines them, on a one-broker cluster
    Run dryRun = rateflow("topics", "create", "--bootstrap", b, "--replicas", "1", "--dry-run");
    assertThat(dryRun.code()).as(dryRun.err()).isZero();
    assertThat(dryRun.lines())
        .filteredOn(l -> l.startsWith("would create "))
        .hasSize(JobTopic.ALL.size())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("would create accounts  partitions=12 replicas=1")
                    .contains(" cleanup.policy=compact ")
                    .contains(" min.insync.replicas=1"));
    Run created = rateflow("topics", "create", "--bootstrap", b, "--replicas", "1");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.lines())
        .filteredOn(l -> l.startsWith("created "))
        .hasSize(JobTopic.ALL.size());
    Run again = rateflow("topics", "create", "--bootstrap", b, "--replicas", "1");
    assertThat(again.code()).isZero();
    assertThat(again.lines())
        .filteredOn(l -> l.startsWith("exists "))
        .hasSize(JobTopic.ALL.size())
        .allSatisfy(l -> assertThat(l).doesNotContain("differs"));

    // 2. rules, accounts and events from files
    Path rules = Files.createDirectories(files.resolve("rules"));
    Files.writeString(rules.resolve("usd.yaml"), RatingJobITCase.USD_V1);
    Run published = rateflow("rules", "publish", rules.toString(), "--bootstrap", b);
    assertThat(published.code()).as(published.out() + published.err()).isZero();

    Path accounts =
        Files.writeString(
            files.resolve("accounts.jsonl"),
            """
        {"account_id":"acme","currency":"USD","plan":"payg","segment":"smb","legal_entity":"RF-US","gl_customer_code":"C-acme"}
        {"account_id":"globex","currency":"USD","plan":"payg","segment":"enterprise"}
        """);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
    StringBuilder events = new StringBuilder();
    String[][] usage = {
      {"acme", "api_calls", "60"},
      {"globex", "storage_gb", "12.5"},
      {"acme", "api_calls", "60"},
      {"acme", "storage_gb", "0.000001"},
      {"globex", "api_calls", "99.5"},
      {"acme", "api_calls", "1"},
      {"globex", "api_calls", "0.5"},
      {"globex", "storage_gb", "1000000"}
    };
    for (int i = 0; i < usage.length; i++) {
      events.append(
          String.format(
              "{\"event_id\":\"e%d\",\"account_id\":\"%s\",\"meter\":\"%s\",\"quantity\":\"%s\",\"event_time\":\"%s\"}%n",
              i, usage[i][0], usage[i][1], usage[i][2], t0.plusSeconds(i)));
      if (i == 3) {
        events.append(
            "{\"event_id\":\"bad\",\"account_id\":\"acme\",\"meter\":\"api_calls\",\"event_time\":\""
                + t0
                + "\"}\n");
      }
    }
    Path eventFile = Files.writeString(files.resolve("events.jsonl"), events);

    Run sentAccounts = rateflow("send", "accounts", accounts.toString(), "--bootstrap", b);
    assertThat(sentAccounts.code()).as(sentAccounts.err()).isZero();
    assertThat(sentAccounts.out()).contains("sent 2 accounts to accounts");

    Run refused = rateflow("send", "events", eventFile.toString(), "--bootstrap", b);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .startsWith(eventFile + ":5: missing field 'quantity'")
        .contains("nothing sent");
    assertThat(kafka.topics().countCommitted("activity-events", Duration.ofSeconds(30))).isZero();

    Run sent = rateflow("send", "events", eventFile.toString(), "--bootstrap", b, "--skip-bad");
    assertThat(sent.code()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("sent 8 events to activity-events; 1 bad line skipped");
    assertThat(sent.err()).contains(eventFile + ":5: missing field 'quantity'");

    // 3. the job, then the committed charges as JSON Lines: one charge per good event
    JobClient job =
        start(
            RatingConfig.defaults(b).toBuilder()
                .checkpointInterval(Duration.ofMillis(300))
                .build());
    List<String> tailed;
    try {
      tailed = awaitLines(usage.length, "tail", "charges", "--from-beginning", "--bootstrap", b);
    } finally {
      io.rateflow.cli.run.JobWatch.stop(job);
    }

    // 4. exactly what 'rate' computes from the same files (its own local Flink: not the test's
    // cluster)
    TestStreamEnvironment.unsetAsContext();
    List<String> expected = new ArrayList<>();
    for (Charge c : OfflineRating.rate(rules, accounts, eventFile, 1).charges()) {
      expected.add(JsonLines.charge(c));
    }
    assertThat(tailed).hasSize(usage.length).containsExactlyInAnyOrderElementsOf(expected);
    // priced, not echoed: 60 + 60 calls cross the 100-call tier, so e2 is 40 × 0.10 + 20 × 0.05
    assertThat(tailed)
        .anySatisfy(
            l -> assertThat(l).contains("\"event_id\":\"e2\"").contains("\"amount\":\"5.00\""));
  }

  @Test
  void topicsCreateTakesNamesFromTheConfigurationAndLeavesAnExistingTopicAlone() throws Exception {
    StringBuilder properties =
        new StringBuilder("bootstrap.servers=" + kafka.bootstrapServers() + "\n");
    JobTopic.ALL.forEach(
        t -> properties.append(t.configKey()).append("=cfg-").append(t.defaultName()).append('\n'));
    Path config = Files.writeString(files.resolve("rateflow.properties"), properties);
    kafka.createTopics(Map.of("cfg-charges", 2));

    Run run = rateflow("topics", "create", "--config", config.toString(), "--replicas", "1");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.lines())
        .filteredOn(l -> l.startsWith("created "))
        .hasSize(JobTopic.ALL.size() - 1)
        .allSatisfy(l -> assertThat(l).startsWith("created  cfg-"));
    assertThat(run.lines())
        .filteredOn(l -> l.startsWith("exists "))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith(
                        "exists   cfg-charges  (differs from k8s/topics.yaml, left as it is: ")
                    .contains("partitions 2, not 12")
                    .contains("retention.ms 604800000, not 2592000000"));
    assertThat(run.lines())
        .last()
        .isEqualTo("17 topics: 16 created, 1 already there (1 differ), 0 failed");

    // a topic that is not there is one line saying what to run, before anything is sent
    Path accounts =
        Files.writeString(
            files.resolve("accounts.jsonl"), "{\"account_id\":\"a\",\"currency\":\"EUR\"}\n");
    Run missing =
        rateflow(
            "send",
            "accounts",
            accounts.toString(),
            "--bootstrap",
            kafka.bootstrapServers(),
            "--topic",
            "no-such-topic");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip())
        .isEqualTo(
            "rateflow send: topic 'no-such-topic' does not exist at "
                + kafka.bootstrapServers()
                + "; create the job's topics with './rateflow topics create' (or name the topic with --topic / --config)");
  }

  @Test
  void tailPrintsOnlyCommittedRecordsAndFollowsNewOnes() throws Exception {
    String b = kafka.bootstrapServers();
    kafka.createTopics(Map.of("tx-charges", 1));
    AvroCodec<Charge> codec = AvroCodec.of(Charge.class);
    Properties p = new Properties();
    p.put("bootstrap.servers", b);
    p.put("transactional.id", "newcomer-tail-test");
    ExecutorService background = Executors.newSingleThreadExecutor();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(codec, "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(record(codec, "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(codec, "still-open"));
      producer.flush();

      Run all =
          rateflow(
              "tail", "charges", "--topic", "tx-charges", "--from-beginning", "--bootstrap", b);
      assertThat(all.code()).as(all.err()).isZero();
      assertThat(all.lines())
          .singleElement()
          .satisfies(l -> assertThat(l).contains("\"event_id\":\"committed\""));
      // the last committed record lies behind a commit marker: offsets are not a count
      Run last =
          rateflow("tail", "charges", "--topic", "tx-charges", "--last", "1", "--bootstrap", b);
      assertThat(last.lines())
          .singleElement()
          .satisfies(l -> assertThat(l).contains("\"event_id\":\"committed\""));
      producer.abortTransaction();

      // --follow: the last one, then what is committed after it started
      StringWriter out = new StringWriter();
      Future<Integer> following =
          background.submit(
              () -> {
                var cmd = Main.commandLine();
                cmd.setOut(new PrintWriter(out, true));
                return cmd.execute(
                    "tail",
                    "charges",
                    "--topic",
                    "tx-charges",
                    "--follow",
                    "--last",
                    "1",
                    "--limit",
                    "2",
                    "--bootstrap",
                    b);
              });
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!out.toString().contains("\"event_id\":\"committed\"")) {
        assertThat(System.nanoTime())
            .as("tail --follow printed the last record within 60 s")
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      producer.beginTransaction();
      producer.send(record(codec, "later"));
      producer.commitTransaction();

      assertThat(following.get(60, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString().lines().toList())
          .hasSize(2)
          .satisfiesExactly(
              l -> assertThat(l).contains("\"event_id\":\"committed\""),
              l -> assertThat(l).contains("\"event_id\":\"later\""));
    } finally {
      background.shutdownNow();
    }
  }

  private static ProducerRecord<byte[], byte[]> record(AvroCodec<Charge> codec, String eventId) {
    Charge c =
        Charge.newBuilder()
            .setChargeId("c-" + eventId)
            .setEventId(eventId)
            .setAccountId("A")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal("1.000000"))
            .setAmountMinor(10)
            .setCurrency("USD")
            .setCurrencyDigits(2)
            .setRuleSetId("r")
            .setRuleVersion(1)
            .setPriceModel("per_unit")
            .setBillingPeriod("2026-12")
            .setEventTime(Instant.parse("2026-12-01T00:00:00Z"))
            .setRatedAt(Instant.parse("2026-12-01T00:00:01Z"))
            .build();
    return new ProducerRecord<>(
        "tx-charges", "A".getBytes(StandardCharsets.UTF_8), codec.encode(c));
  }

  private JobClient start(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  /** Tails until {@code count} lines are there; fails after 90 s with what it saw. */
  private static List<String> awaitLines(int count, String... args) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Run run = rateflow(args);
      assertThat(run.code()).as(run.err()).isZero();
      if (run.lines().size() >= count) {
        return run.lines();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "after 90 s, 'rateflow " + String.join(" ", args) + "' printed " + run.lines());
      }
      Thread.sleep(300);
    }
  }
}

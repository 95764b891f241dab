package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.job.RatingMetrics;
import io.rateflow.schema.AvroCodec;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The whole job on a MiniCluster with Flink's real Prometheus reporter, scraped over HTTP: every
 * metric the dashboard and the alert rules in k8s/monitoring name is exported, and the job's counts
 * agree with what was sent and with what its output topics hold.
 */
class MetricsITCase {
  static final int PROMETHEUS_PORT = freePort();

  /** Its own MiniCluster (not KafkaFlinkTestBase's): the reporter is cluster configuration. */
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(reporter())
              .build());

  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** The reporter lines of docs/metrics.md, on a free port. */
  static Configuration reporter() {
    Configuration conf = new Configuration();
    conf.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    conf.setString("metrics.reporter.prom.port", Integer.toString(PROMETHEUS_PORT));
    return conf;
  }

  static final String BAD_RULE =
      """
      id: it-broken
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          price:
            model: no-such-model
      """;

  @Test
  void everyMetricTheDashboardAndAlertsUseIsExportedAndTheCountsAgreeWithTheInputsAndOutputs(
      @InjectClusterClient ClusterClient<?> cluster) throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "metrics");
    RatingConfig config = f.config.toBuilder().allowedLateness(Duration.ofDays(60)).build();
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    f.rule("it-broken", 1, "2026-01-01T00:00:00Z", BAD_RULE);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("S", "USD", "smb", AccountStatus.SUSPENDED),
        AccountProfile.newBuilder(account("P", "USD", "smb", AccountStatus.ACTIVE))
            .setPrepaidOnly(true)
            .build());
    int commandsSent =
        commands(
            config,
            List.of(
                command("c1", "A", "USD"), // applied
                command("c2", "A", "EUR"), // refused: the account's wallet is in USD
                command("c3", "P", "USD"))); // applied
    byte[] garbage = {(byte) 0xFF, 0x01, 0x02};
    byte[] moreGarbage = {0x7F};
    List<Object> events =
        List.of(
            event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
            event("e2", "A", "api_calls", "60", "2026-11-11T10:00:00Z"),
            event("e3", "A", "storage_gb", "1.5", "2026-11-10T10:00:00Z"),
            event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"), // DUPLICATE
            event("e4", "S", "api_calls", "5", "2026-11-10T10:00:00Z"), // ACCOUNT_SUSPENDED
            event("e5", "A", "api_calls", "-5", "2026-11-10T10:00:00Z"), // INVALID_QUANTITY
            // 9.00 of P's 10.00: low balance; or, before the top-up, beyond the limit: a trigger
            // either way
            event("p1", "P", "api_calls", "90", "2026-11-10T11:00:00Z"),
            garbage,
            moreGarbage); // MALFORMED
    long malformedSent = events.stream().filter(o -> o instanceof byte[]).count();

    JobClient job = start(config);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      int sent = f.events(events);
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      // the commands' outcomes are on the rejected topic (c2) and in the metrics (c1): wait for
      // both
      Scrape scrape =
          awaitScrape(
              "every input counted",
              s ->
                  s.sum(op("input_" + RatingMetrics.RECORDS_IN), Map.of("input", "events")) == sent
                      && s.sum(op("input_" + RatingMetrics.RECORDS_IN), Map.of("input", "commands"))
                          == commandsSent
                      && s.sum(op(RatingMetrics.COMMANDS_APPLIED), Map.of())
                              + s.sum(op("reason_" + RatingMetrics.COMMANDS_REJECTED), Map.of())
                          == commandsSent
                      && s.sum(op(RatingMetrics.RULES_REJECTED), Map.of()) >= 1
                      // Flink's own job metrics: a completed checkpoint has been recorded
                      && s.sum("flink_jobmanager_job_numberOfCompletedCheckpoints", Map.of()) >= 1);
      Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape.text);
      tally.poll(Duration.ofSeconds(1));

      // 1. every name the dashboard and the alert rules use is exported by this job
      Set<String> used = MonitoringFiles.metricNames();
      assertThat(used)
          .as("metric names in k8s/monitoring")
          .isNotEmpty()
          .contains(op(RatingMetrics.HELD_EVENTS), op("stage_reason_" + RatingMetrics.REJECTED));
      assertThat(scrape.names())
          .as("exported (scrape in it/target/metrics-scrape.txt)")
          .containsAll(used);
      // ...and every label an expression matches on or groups by is on the series it selects
      for (String expr : MonitoringFiles.expressions()) {
        Set<String> labels = new TreeSet<>();
        MonitoringFiles.metricNames(expr)
            .forEach(
                n -> scrape.select(n, Map.of()).forEach(x -> labels.addAll(x.labels().keySet())));
        assertThat(labels)
            .as("labels of the series in %s", expr)
            .containsAll(MonitoringFiles.labelNames(expr));
      }

      // 2. the counts agree with what was sent and with the output topics
      assertThat(
              scrape.sum(
                  op("stage_reason_" + RatingMetrics.REJECTED), Map.of("reason", "MALFORMED")))
          .isEqualTo(malformedSent);
      Map<String, Long> onTopic =
          tally.keptRejections().stream()
              .collect(
                  Collectors.groupingBy(
                      RejectedEvent::getReasonCode, TreeMap::new, Collectors.counting()));
      assertThat(scrape.byLabel(op("stage_reason_" + RatingMetrics.REJECTED), "reason"))
          .as("rejections by reason, metric vs rejected-events topic")
          .isEqualTo(onTopic);
      long rated = (long) scrape.sum(op(RatingMetrics.EVENTS_RATED), Map.of());
      assertThat(rated).isEqualTo(tally.rated()).isEqualTo(4);
      long eventRejections =
          (long)
              (scrape.sum(
                      op("stage_reason_" + RatingMetrics.REJECTED),
                      Map.of(
                          "stage",
                          RatingMetrics.decodeStage(io.rateflow.job.InboundDecoder.Kind.EVENTS)))
                  + scrape.sum(
                      op("stage_reason_" + RatingMetrics.REJECTED),
                      Map.of("stage", RatingMetrics.STAGE_RATING))
                  - scrape.sum(op("reason_" + RatingMetrics.COMMANDS_REJECTED), Map.of()));
      assertThat(rated + eventRejections).as("received == rated + rejected").isEqualTo(sent);
      assertThat(scrape.sum(op(RatingMetrics.COMMANDS_APPLIED), Map.of())).isEqualTo(2);
      assertThat(scrape.byLabel(op("reason_" + RatingMetrics.COMMANDS_REJECTED), "reason"))
          .isEqualTo(reasonsOf(tally, "c2"));
      long usdCharged =
          tally.keptCharges().stream().mapToLong(Charge::getAmountMinor).filter(a -> a > 0).sum();
      assertThat(
              scrape.sum(
                  op("currency_" + RatingMetrics.AMOUNT_CHARGED_MINOR), Map.of("currency", "USD")))
          .isEqualTo(usdCharged);
      assertThat(
              scrape.sum(op("currency_" + RatingMetrics.CHARGE_LINES), Map.of("currency", "USD")))
          .isEqualTo(tally.keptCharges().size());
      assertThat(scrape.sum(op(RatingMetrics.RULES_REJECTED), Map.of())).isEqualTo(1);
      assertThat(scrape.sum(op("input_" + RatingMetrics.RECORDS_IN), Map.of("input", "rules")))
          .isEqualTo(2);
      // the reporter turns "-" into "_" in label values
      assertThat(
              scrape.max(
                  op("rule_set_" + RatingMetrics.RULE_VERSION_IN_FORCE),
                  Map.of("rule_set", "it_usd")))
          .isEqualTo(1);
      List<PromotionTriggerRecord> triggers =
          PipelineFixture.await(
              kafka,
              config.triggersTopic(),
              PromotionTriggerRecord.class,
              t -> t.size() >= scrape.sum(op("kind_" + RatingMetrics.TRIGGERS_FIRED), Map.of()));
      assertThat(scrape.byLabel(op("kind_" + RatingMetrics.TRIGGERS_FIRED), "kind"))
          .isNotEmpty()
          .isEqualTo(
              triggers.stream()
                  .collect(
                      Collectors.groupingBy(
                          PromotionTriggerRecord::getKind, TreeMap::new, Collectors.counting())));
      assertThat(scrape.sum(op(RatingMetrics.HELD_EVENTS), Map.of())).isZero();
      assertThat(scrape.max(op(RatingMetrics.EVENT_TIME_LAG), Map.of()))
          .isGreaterThanOrEqualTo(
              Instant.now().toEpochMilli()
                  - Instant.parse("2026-11-11T10:00:00Z").toEpochMilli()
                  - 120_000);

      // 3. the agreed gauge, as ./rateflow status reads it: Flink's REST API, under the account
      // operator
      List<String> held =
          restMetricIds(cluster.getWebInterfaceURL(), job, "rate per account").stream()
              .filter(id -> id.endsWith("." + RatingMetrics.HELD_EVENTS))
              .toList();
      assertThat(held).as("REST metric ids of the account operator").isNotEmpty();
      Files.writeString(Path.of("target", "metrics-rest-ids.txt"), String.join("\n", held));
    } finally {
      JobWatch.stop(job);
    }
  }

  /**
   * The metric ids Flink's REST API lists for the job vertex whose name contains {@code operator}.
   */
  @SuppressWarnings("unchecked")
  private static List<String> restMetricIds(String rest, JobClient job, String operator)
      throws Exception {
    Map<String, Object> detail = new Yaml().load(get(rest + "/jobs/" + job.getJobID()));
    String vertex =
        ((List<Map<String, Object>>) detail.get("vertices"))
            .stream()
                .filter(v -> String.valueOf(v.get("name")).contains(operator))
                .map(v -> (String) v.get("id"))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError("no vertex named " + operator + " in " + detail));
    List<Map<String, Object>> metrics =
        new Yaml().load(get(rest + "/jobs/" + job.getJobID() + "/vertices/" + vertex + "/metrics"));
    return metrics.stream().map(m -> (String) m.get("id")).toList();
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  // ------------------------------------------------------------------ the job and its inputs

  private JobClient start(RatingConfig config) throws Exception {
    Path checkpoints =
        Files.createDirectories(Path.of("target", "checkpoints"))
            .resolve(UUID.randomUUID().toString())
            .toAbsolutePath();
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }

  private static BalanceCommand command(String id, String account, String currency) {
    return BalanceCommand.newBuilder()
        .setCommandId(id)
        .setAccountId(account)
        .setType(BalanceCommandType.TOP_UP)
        .setAmountMinor(1000)
        .setCurrency(currency)
        .setIssuedAt(Instant.parse("2026-11-10T09:00:00Z"))
        .build();
  }

  private static int commands(RatingConfig config, List<BalanceCommand> commands) {
    AvroCodec<BalanceCommand> codec = AvroCodec.of(BalanceCommand.class);
    try (KafkaProducer<byte[], byte[]> p = Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      for (BalanceCommand c : commands) {
        p.send(
            new ProducerRecord<>(
                config.balanceCommandsTopic(), Producers.bytes(c.getAccountId()), codec.encode(c)));
      }
      p.flush();
    }
    return commands.size();
  }

  private static Map<String, Long> reasonsOf(OutputTally tally, String id) {
    return tally.keptRejections().stream()
        .filter(r -> id.equals(r.getEventId()))
        .collect(
            Collectors.groupingBy(
                RejectedEvent::getReasonCode, TreeMap::new, Collectors.counting()));
  }

  /** An operator-scope metric as Flink's Prometheus reporter names it. */
  static String op(String name) {
    return "flink_taskmanager_job_task_operator_" + name;
  }

  // ------------------------------------------------------------------ scraping

  /** One scrape of the reporter's endpoint, in Prometheus' text format. */
  record Scrape(String text, List<Sample> samples) {
    Set<String> names() {
      return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    List<Sample> select(String name, Map<String, String> labels) {
      return samples.stream()
          .filter(
              s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
          .toList();
    }

    double sum(String name, Map<String, String> labels) {
      return select(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    double max(String name, Map<String, String> labels) {
      return select(name, labels).stream().mapToDouble(Sample::value).max().orElse(Double.NaN);
    }

    /** Sums by one label's value, leaving out zeros. */
    Map<String, Long> byLabel(String name, String label) {
      Map<String, Long> out = new TreeMap<>();
      for (Sample s : select(name, Map.of())) {
        if (s.value() != 0) {
          out.merge(s.labels().get(label), (long) s.value(), Long::sum);
        }
      }
      return out;
    }
  }

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Scrape scrape() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + PROMETHEUS_PORT + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      Matcher m = LINE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(response.body(), samples);
  }

  /** Scrapes until {@code done} holds, failing after a minute with the last scrape written out. */
  static Scrape awaitScrape(String what, Predicate<Scrape> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Scrape s = scrape();
      if (done.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        Files.writeString(Path.of("target", "metrics-scrape.txt"), s.text);
        throw new AssertionError(
            "waited 60 s for " + what + "; the last scrape is in it/target/metrics-scrape.txt");
      }
      Thread.sleep(250);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

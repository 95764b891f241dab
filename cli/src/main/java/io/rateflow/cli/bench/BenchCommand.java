package io.rateflow.cli.bench;

import io.rateflow.avro.PricingRule;
import io.rateflow.cli.Home;
import io.rateflow.cli.demo.TrafficGenerator;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.cli.run.Producers;
import io.rateflow.cli.run.Progress;
import io.rateflow.cli.run.TopicLayout;
import io.rateflow.job.RatingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow bench}: how fast the rating job is on this machine, and what rating costs
 * beyond moving the bytes. On an embedded broker it preloads the events, runs a passthrough job and
 * then the rating job over them (each until its output is committed), then offers the rating job a
 * fixed rate and measures ingestion-to-charge latency. {@code --jmh} runs the micro-benchmarks of
 * the pricing core instead.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the rating job's throughput and latency on this machine.",
      "Runs on an embedded Kafka and a local Flink:",
      "throughput of a passthrough job and of the rating job over the same",
      "preloaded events, their ratio, state size per account, and latency at",
      "half the measured rate. With --jmh, runs the pricing micro-benchmarks.",
      "Leaves nothing running."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      description = "Events to preload for the throughput runs (default ${DEFAULT-VALUE}).",
      defaultValue = "2000000")
  long events;

  @Option(
      names = "--warmup-events",
      description =
          "Events each job first runs over (on their own topics, not measured) so the JIT has compiled "
              + "the hot code before the measured runs; 0 skips (default ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  long warmupEvents;

  @Option(
      names = "--accounts",
      description = "Accounts (default ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  int accounts;

  @Option(names = "--report", description = "Also write the figures as JSON to this file.")
  Path report;

  @Option(
      names = "--parallelism",
      description = "Flink parallelism and partitions per topic (default ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      description =
          "Checkpoint interval; the sinks commit once per checkpoint (default ${DEFAULT-VALUE}).",
      defaultValue = "2s")
  String checkpointInterval;

  @Option(
      names = "--rate",
      description =
          "Offered rate of the latency phase in events/s (default: half the rating job's measured rate; 0 skips the phase).")
  Double rate;

  @Option(
      names = "--warmup",
      description =
          "Latency phase: time after the first committed charge before measuring (default ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String warmup;

  @Option(
      names = "--duration",
      description = "Latency phase: how long to measure (default ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String duration;

  @Option(
      names = "--seed",
      description = "Random seed of the traffic (default ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--timeout",
      description = "Give up on a phase after this long (default ${DEFAULT-VALUE}).",
      defaultValue = "10m")
  String timeout;

  @Option(
      names = "--no-ledger",
      description = "Measure the rating job without the ERP/GL ledger (ledger.enabled=false).")
  boolean noLedger;

  @Option(
      names = "--keep",
      description = "Keep the broker data and checkpoints under .rateflow/bench/ afterwards.")
  boolean keep;

  @Option(
      names = "--sizing",
      paramLabel = "REPORT.json",
      description = {
        "Print the sizing table of docs/performance.md (cores, memory, RocksDB disk,",
        "checkpoints, Kafka partitions, parallelism for 10 k-1 M events/s over 1-100 M accounts)",
        "computed from this bench report instead of running the bench."
      })
  Path sizing;

  @Option(
      names = "--jmh",
      description = "Run the JMH micro-benchmarks of the pricing core (bench module) instead.")
  boolean jmh;

  @Option(
      names = "--jmh-args",
      description =
          "Arguments for JMH (default: \"${DEFAULT-VALUE}\"); e.g. add a benchmark regex or -prof gc.",
      defaultValue = "-f 1 -wi 2 -i 3 -w 2s -r 3s")
  String jmhArgs;

  private static final String EVENTS = "activity-events";
  private static final String LIVE_EVENTS = "activity-events-live";
  private static final String WARMUP_EVENTS = "activity-events-warmup";

  /** Runs the command on its own, e.g. before it is registered with {@code ./rateflow}. */
  public static void main(String[] args) {
    int code = new CommandLine(new BenchCommand()).execute(args);
    // Flink and Kafka leave non-daemon threads behind.
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    if (jmh) {
      return JmhLauncher.run(Arrays.asList(jmhArgs.trim().split("\\s+")));
    }
    if (sizing != null) {
      Sizing.print(sizing, System.out);
      return 0;
    }
    PrintStream out = System.out;
    String logFile = System.getProperty("rateflow.log.file", ".rateflow/logs/rateflow.log");
    Duration phaseTimeout = RatingConfig.parseDuration(timeout);
    Duration interval = RatingConfig.parseDuration(checkpointInterval);
    Path work = Files.createDirectories(Home.work("bench"));
    Path run = Files.createTempDirectory(work, "run-");
    out.printf(
        "Rateflow bench: %,d events over %,d accounts, parallelism %d, %d cores, checkpoints every %s%n",
        events, accounts, parallelism, Runtime.getRuntime().availableProcessors(), interval);
    out.printf("  logs       %s%n", logFile);
    // the demo's whole configuration: prices, promotions and the chart of accounts the ledger needs
    List<PricingRule> rules =
        new java.util.ArrayList<>(
            RuleLoader.load(Home.resolve(Path.of("pricing-rules/examples")), "bench").stream()
                .map(RuleLoader.Loaded::record)
                .toList());
    rules.addAll(
        RuleLoader.loadPromotions(Home.resolve(Path.of("pricing-rules/promotions")), 1, "bench"));
    rules.addAll(
        RuleLoader.loadCharts(Home.resolve(Path.of("pricing-rules/chart-of-accounts")), "bench"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(run.resolve("kafka"))) {
      String bootstrap = kafka.bootstrapServers();
      TopicLayout.createInputs(
          kafka,
          RatingConfig.defaults(bootstrap).toBuilder().eventsTopic(EVENTS).build(),
          parallelism);
      kafka.createTopics(Map.of(LIVE_EVENTS, parallelism, WARMUP_EVENTS, parallelism));
      for (String name :
          List.of("passthrough", "rating", "live", "warmup-passthrough", "warmup-rating")) {
        TopicLayout.createOutputs(kafka, config(bootstrap, EVENTS, name, interval), parallelism);
      }
      Producers.publishRules(bootstrap, Map.of(), "pricing-rules", rules);

      Instant now = Instant.now();
      TrafficGenerator generator = new TrafficGenerator(seed, accounts, now);
      CleanTraffic traffic = new CleanTraffic(generator, now);
      long p0 = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, Map.of())) {
        Producers.publishAccounts(producer, "accounts", generator.accounts());
        preload(producer, EVENTS, traffic, events, "preload", out);
        if (warmupEvents > 0) {
          // other events (another seed) over the same accounts, so the warm-up rates the same mix
          preload(
              producer,
              WARMUP_EVENTS,
              new CleanTraffic(new TrafficGenerator(seed + 2, accounts, now), now),
              warmupEvents,
              "preload warm-up",
              out);
        }
      }
      out.printf(
          "  preload    %,d accounts, %,d rule sets, %,d events in %.1f s (%,d bad-on-purpose records left out)%n",
          accounts, rules.size(), events, (System.nanoTime() - p0) / 1e9, traffic.skipped());

      if (warmupEvents > 0) {
        // Not measured: the JIT compiles Flink's, Kafka's and Rateflow's hot code here, not in the
        // measured runs (on 2 cores, compilation alone took half a core during a cold 300,000-event
        // run).
        out.printf(
            "  warm-up    both jobs over %,d other events first (not measured)%n", warmupEvents);
        ThroughputRun.run(
            ThroughputRun.Kind.PASSTHROUGH,
            "warm-up passthrough",
            config(bootstrap, WARMUP_EVENTS, "warmup-passthrough", interval),
            run.resolve("checkpoints-warmup-passthrough"),
            parallelism,
            warmupEvents,
            phaseTimeout,
            out,
            false);
        ThroughputRun.run(
            ThroughputRun.Kind.RATING,
            "warm-up rating job",
            config(bootstrap, WARMUP_EVENTS, "warmup-rating", interval),
            run.resolve("checkpoints-warmup-rating"),
            parallelism,
            warmupEvents,
            phaseTimeout,
            out,
            false);
      }
      ThroughputRun.Result passthrough =
          ThroughputRun.run(
              ThroughputRun.Kind.PASSTHROUGH,
              "passthrough",
              config(bootstrap, EVENTS, "passthrough", interval),
              run.resolve("checkpoints-passthrough"),
              parallelism,
              events,
              phaseTimeout,
              out,
              true);
      out.printf(
          "  (a) passthrough  %,.0f events/s (%.1f s)%n",
          passthrough.eventsPerSecond(), passthrough.endToEndSeconds());
      ThroughputRun.Result rating =
          ThroughputRun.run(
              ThroughputRun.Kind.RATING,
              "rating job",
              config(bootstrap, EVENTS, "rating", interval),
              run.resolve("checkpoints-rating"),
              parallelism,
              events,
              phaseTimeout,
              out,
              true);
      out.printf(
          "  (b) rating job   %,.0f events/s (%.1f s)%n",
          rating.eventsPerSecond(), rating.endToEndSeconds());

      LatencyPhase.Result latency = null;
      double offered = rate != null ? rate : rating.eventsPerSecond() / 2;
      if (offered > 0) {
        out.printf(
            "  latency    offering %,.0f events/s to a fresh rating job for %s after a %s warm-up%n",
            offered, duration, warmup);
        CleanTraffic live =
            new CleanTraffic(
                new TrafficGenerator(seed + 1, accounts, Instant.now()), Instant.now());
        latency =
            new LatencyPhase()
                .run(
                    config(bootstrap, LIVE_EVENTS, "live", interval),
                    run.resolve("checkpoints-live"),
                    parallelism,
                    live,
                    offered,
                    RatingConfig.parseDuration(warmup),
                    RatingConfig.parseDuration(duration),
                    phaseTimeout,
                    out);
      }
      BenchReport result =
          new BenchReport(
              events,
              accounts,
              parallelism,
              interval.toString(),
              Runtime.getRuntime().availableProcessors(),
              passthrough,
              rating,
              latency);
      result.print(out);
      if (report != null) {
        result.writeJson(report);
        out.printf("  report     %s%n", report);
      }
      return 0;
    } finally {
      if (!keep) {
        deleteRecursively(run);
      }
    }
  }

  private static void preload(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      CleanTraffic traffic,
      long count,
      String label,
      PrintStream out) {
    Progress progress = new Progress(label, count, out);
    for (long i = 0; i < count; i++) {
      TrafficGenerator.Record r = traffic.next();
      producer.send(new ProducerRecord<>(topic, Producers.bytes(r.key()), r.value()));
      if ((i & 0xFFFF) == 0) {
        progress.update(i);
      }
    }
    producer.flush();
    progress.update(count);
    progress.finish();
  }

  /**
   * Each run reads the events from the start with its own group, output topics and transactional
   * ids.
   */
  private RatingConfig config(
      String bootstrap, String eventsTopic, String name, Duration interval) {
    String id = "rateflow-bench-" + name;
    return RatingConfig.defaults(bootstrap).toBuilder()
        .eventsTopic(eventsTopic)
        .chargesTopic("charges-" + name)
        .rejectedTopic("rejected-events-" + name)
        .rejectedRulesTopic("rejected-rules-" + name)
        .estimateResponsesTopic("estimate-responses-" + name)
        .movementsTopic("balance-movements-" + name)
        .triggersTopic("promotion-triggers-" + name)
        .balancesTopic("balances-" + name)
        .journalTopic("erp-gl-export-" + name)
        .journalDetailTopic("erp-gl-detail-" + name)
        .analyticsTopic("usage-analytics-" + name)
        .correctionsTopic("erp-gl-corrections-" + name)
        .ledgerRejectedTopic("erp-gl-rejected-" + name)
        .groupId(id)
        .transactionalIdPrefix(id)
        .checkpointInterval(interval)
        .pendingTimeout(Duration.ofSeconds(5))
        .ledgerEnabled(!noLedger)
        .build();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

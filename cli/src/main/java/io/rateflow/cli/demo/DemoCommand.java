package io.rateflow.cli.demo;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.PricingRule;
import io.rateflow.cli.Home;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.cli.run.BalanceTally;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.LocalFlink;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.cli.run.Progress;
import io.rateflow.cli.run.Report;
import io.rateflow.cli.run.TopicLayout;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rateflow demo}: the whole loop on this machine, with nothing to install. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on this machine and prints a summary.",
      "Starts an embedded single-node Kafka (KRaft) and a local Flink, publishes the example",
      "rules and generated accounts, produces traffic with a small share of bad input, rates it",
      "exactly once and prints a summary read back read_committed. Leaves nothing running."
    })
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--events",
      description = "Events to generate (default ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  long events;

  @Option(
      names = "--accounts",
      description = "Accounts to generate (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int accounts;

  @Option(names = "--report", description = "Also write the summary as JSON to this file.")
  Path report;

  @Option(
      names = "--rules",
      description = "Rule files to publish (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/examples")
  Path rules;

  @Option(
      names = "--promotions",
      description = "Promotion documents to publish (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/promotions")
  Path promotions;

  @Option(
      names = "--chart-of-accounts",
      description = "Chart of accounts for the ERP/GL export (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/chart-of-accounts")
  Path chartOfAccounts;

  @Option(
      names = "--parallelism",
      description = {
        "Flink parallelism (default: half the cores, at least 1; on a",
        "small machine one copy of the job's dozen operators beats two competing for the same cores)."
      })
  Integer parallelism;

  @Option(
      names = "--seed",
      description = "Random seed of the traffic (default ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      description = {
        "The demo's clock, as an ISO instant such as 2026-12-01T06:00:00Z",
        "(default: now). With --seed it fixes the whole traffic (event times, accounts,",
        "quantities), so two builds' amounts compare exactly; usage lies in the 6 hours before it."
      })
  String start;

  @Option(
      names = "--timeout",
      description =
          "Give up when the output has not reconciled after this long (default ${DEFAULT-VALUE}).",
      defaultValue = "10m")
  String timeout;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path work = Files.createDirectories(Home.work("demo"));
    String logFile = System.getProperty("rateflow.log.file", ".rateflow/logs/rateflow.log");
    Instant clock = start();
    out.printf(
        "Rateflow demo: %,d events over %,d accounts, seed %d, start %s%n",
        events, accounts, seed, clock);
    List<RuleLoader.Loaded> loaded = RuleLoader.load(Home.resolve(rules), "demo");
    long t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory(work, "kafka-"))) {
      String bootstrap = kafka.bootstrapServers();
      TopicLayout.create(kafka, RatingConfig.defaults(bootstrap), 2);
      out.printf(
          "  broker     embedded KRaft at %s (%.1f s to start)%n",
          bootstrap, (System.nanoTime() - t0) / 1e9);

      List<PricingRule> ruleRecords =
          new ArrayList<>(loaded.stream().map(RuleLoader.Loaded::record).toList());
      List<PricingRule> promotionRecords =
          RuleLoader.loadPromotions(Home.resolve(promotions), 1, "demo");
      ruleRecords.addAll(promotionRecords);
      List<PricingRule> charts = RuleLoader.loadCharts(Home.resolve(chartOfAccounts), "demo");
      ruleRecords.addAll(charts);
      Producers.publishRules(bootstrap, Map.of(), "pricing-rules", ruleRecords);
      out.printf(
          "  rules      %d rule sets from %s, %d promotion documents, %d chart of accounts%n",
          loaded.size(), rules, promotionRecords.size(), charts.size());

      TrafficGenerator traffic = new TrafficGenerator(seed, accounts, clock);
      AvroCodec<BalanceCommand> commandCodec = AvroCodec.of(BalanceCommand.class);
      Set<String> commandsSent = new LinkedHashSet<>();
      Set<String> prepaid = new HashSet<>();
      Customers customers = new Customers(traffic, prepaid);
      try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, Map.of())) {
        List<AccountProfile> profiles = traffic.accounts();
        Producers.publishAccounts(producer, "accounts", profiles);
        for (BalanceCommand c : traffic.commands(profiles)) {
          producer.send(
              new ProducerRecord<>(
                  "balance-commands", Producers.bytes(c.getAccountId()), commandCodec.encode(c)));
          commandsSent.add(c.getCommandId());
        }
        profiles.stream()
            .filter(AccountProfile::getPrepaidOnly)
            .forEach(a -> prepaid.add(a.getAccountId()));
        out.printf(
            "  accounts   %,d (%,d prepaid-only); %,d balance commands (top-ups, allowances, goodwill credit)%n",
            profiles.size(), prepaid.size(), commandsSent.size());
        long p0 = System.nanoTime();
        for (long i = 0; i < events; i++) {
          TrafficGenerator.Record r = traffic.next();
          producer.send(
              new ProducerRecord<>("activity-events", Producers.bytes(r.key()), r.value()));
        }
        producer.flush();
        out.printf(
            "  traffic    %,d events produced in %.1f s; bad on purpose: %s%n",
            events, (System.nanoTime() - p0) / 1e9, traffic.badByKind());
      }

      RatingConfig config =
          RatingConfig.defaults(bootstrap).toBuilder()
              .checkpointInterval(Duration.ofSeconds(2))
              .pendingTimeout(Duration.ofSeconds(5))
              .build();
      int uiPort = LocalFlink.freePort();
      StreamExecutionEnvironment env =
          LocalFlink.environment(
              RatingJob.flinkConfiguration(
                  config, work.resolve("checkpoints").toAbsolutePath().toUri().toString()),
              parallelism(),
              uiPort);
      new RatingJob(config).build(env);
      long j0 = System.nanoTime();
      JobClient job = env.executeAsync("rateflow-demo");
      out.printf(
          "  flink      local MiniCluster, parallelism %d, web UI http://127.0.0.1:%d while it runs%n",
          parallelism(), uiPort);
      out.printf("  logs       %s%n", logFile);

      Report summary;
      try (OutputTally tally =
              new OutputTally(bootstrap, "charges", "rejected-events", "activity-events", false);
          BalanceTally balances =
              new BalanceTally(
                  bootstrap, "balance-movements", "promotion-triggers", customers::react);
          KafkaProducer<byte[], byte[]> commands = Producers.bulk(bootstrap, Map.of())) {
        Progress progress = new Progress("rating", events, out);
        Duration limit = RatingConfig.parseDuration(timeout);
        // While the job rates, simulated customers read their advice of charge and top up.
        LongConsumer onProgress =
            done -> {
              progress.update(done);
              balances.poll(Duration.ZERO);
              for (BalanceCommand c : customers.drain()) {
                commands.send(
                    new ProducerRecord<>(
                        "balance-commands",
                        Producers.bytes(c.getAccountId()),
                        commandCodec.encode(c)));
                commandsSent.add(c.getCommandId());
              }
            };
        JobWatch.Outcome outcome = JobWatch.awaitAccounted(job, tally, events, limit, onProgress);
        if (outcome != JobWatch.Outcome.ACCOUNTED) {
          progress.finish();
          JobWatch.stop(job);
          out.printf(
              "%nFAILED: %s; only %,d of %,d events are accounted for (see %s)%n",
              outcome == JobWatch.Outcome.TIMED_OUT
                  ? "no reconciliation after " + limit
                  : "the job ended early",
              tally.rated() + tally.rejectedEvents(),
              events,
              logFile);
          return 1;
        }
        progress.finish();
        double seconds = (System.nanoTime() - j0) / 1e9;
        // The last top-ups are applied one checkpoint after they are sent: wait for them too.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
            && !commandsSent.stream().allMatch(balances::sawCause)) {
          onProgress.accept(events);
          balances.poll(Duration.ofMillis(200));
        }
        // Everything is committed: stop the job, as one stops a streaming job.
        JobWatch.stop(job);
        // A last look for anything committed beyond the expected count, e.g. a second charge.
        tally.poll(Duration.ofSeconds(1));
        balances.poll(Duration.ofSeconds(1));
        long applied = commandsSent.stream().filter(balances::sawCause).count();
        summary =
            Report.of(events, tally, seconds)
                .withBalances(
                    balances.triggersByKind(),
                    balances.movementTotals(),
                    commandsSent.size(),
                    applied,
                    customers.topUps(),
                    balances.duplicateTriggerIds());
      }
      LedgerSummary ledger = LedgerSummary.read(config, charts);
      summary =
          summary.withLedger(
              ledger.entries(), ledger.ok(), ledger.awaitingDayClose(), ledger.revenueByProduct());
      summary.print(out);
      ledger.print(out);
      if (report != null) {
        summary.writeJson(report);
        out.printf("  report     %s%n", report);
      }
      return summary.reconciles() ? 0 : 1;
    }
  }

  private Instant start() {
    if (start == null) {
      return Instant.now();
    }
    try {
      return Instant.parse(start);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--start " + start + " is not an ISO instant such as 2026-12-01T06:00:00Z");
    }
  }

  private int parallelism() {
    return parallelism != null
        ? parallelism
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }
}

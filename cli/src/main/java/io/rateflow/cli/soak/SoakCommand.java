package io.rateflow.cli.soak;

import io.rateflow.cli.Home;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow soak}: the full job through real faults, its committed output checked against a
 * reference.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Proves exactly-once output of the full job while faults hit it.",
      "Runs the full job (rating, balances, triggers, ledger) on an embedded broker and an in-process",
      "Flink cluster while injecting faults: an exception in an operator, a TaskManager killed, the broker",
      "restarted, a stop with savepoint and a restore at another parallelism. Then compares the committed",
      "output (read_committed) with a reference over the same input: charge, trigger and journal ids, amounts",
      "to the minor unit, final balances. Exits 0 only if all of it holds. See docs/soak.md."
    })
public final class SoakCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      description = "Events to generate (default ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  long events;

  @Option(
      names = "--accounts",
      description = "Accounts to generate (default ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int accounts;

  @Option(
      names = "--failures",
      description = "Faults to inject while events flow (default ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int failures;

  @Option(
      names = "--order",
      description =
          "Order of the fault kinds: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
      defaultValue = "round_robin")
  FaultPlan.Order order;

  @Option(
      names = "--seed",
      description = "Seed of the traffic and of random choices (default ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--rate",
      description =
          "Events per second produced while faults are injected (default ${DEFAULT-VALUE}).",
      defaultValue = "3000")
  double rate;

  @Option(
      names = "--timeout",
      description =
          "Give up when a run has not accounted for every event after this long (default ${DEFAULT-VALUE}).",
      defaultValue = "20m")
  String timeout;

  @Option(
      names = "--reference",
      description = {
        "What the output is compared with: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}):",
        "the pure domain core over the same input, or a second run of the job without faults."
      },
      defaultValue = "engine")
  Soak.ReferenceKind reference;

  @Option(names = "--report", description = "Also write the report as JSON to this file.")
  Path report;

  @Option(
      names = "--rules",
      description = "Rule files (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/examples")
  Path rules;

  @Option(
      names = "--promotions",
      description = "Promotion documents (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/promotions")
  Path promotions;

  @Option(
      names = "--chart-of-accounts",
      description = "Chart of accounts (default ${DEFAULT-VALUE}).",
      defaultValue = "pricing-rules/chart-of-accounts")
  Path chartOfAccounts;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (events < 1 || accounts < 1 || failures < 0 || rate < 0) {
      out.println(
          "soak: --events and --accounts must be at least 1, --failures and --rate not negative.");
      return 2;
    }
    Path work = Files.createDirectories(Home.work("soak"));
    out.printf(
        "Rateflow soak: %,d events over %,d accounts, %d faults (%s), seed %d%n",
        events, accounts, failures, order.name().toLowerCase(java.util.Locale.ROOT), seed);
    out.printf(
        "  logs       %s%n",
        System.getProperty("rateflow.log.file", ".rateflow/logs/rateflow.log"));
    Soak.Settings settings =
        new Soak.Settings(
            events,
            accounts,
            failures,
            order,
            seed,
            rate,
            RatingConfig.parseDuration(timeout),
            Home.resolve(rules),
            Home.resolve(promotions),
            Home.resolve(chartOfAccounts),
            reference);
    SoakReport result;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory(work, "kafka-"))) {
      out.printf("  broker     embedded KRaft at %s%n", kafka.bootstrapServers());
      result = Soak.run(settings, kafka, work, out);
    }
    result.print(out);
    if (report != null) {
      result.writeJson(report);
      out.printf("  report     %s%n", report);
    }
    return result.verified() ? 0 : 1;
  }
}

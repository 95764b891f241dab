package io.rateflow.cli.offline;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The usage files and parallelism that {@code rate} and {@code simulate} both read. */
final class OfflineInputs {
  @Option(names = "--accounts", required = true, description = "accounts.jsonl")
  Path accounts;

  @Option(names = "--events", required = true, description = "events.jsonl")
  Path events;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  OfflineRating.Result rate(Path rules) throws Exception {
    return OfflineRating.rate(rules, accounts, events, parallelism);
  }
}

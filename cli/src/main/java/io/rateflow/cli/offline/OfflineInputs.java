package io.rateflow.cli.offline;

import java.nio.file.Path;
import java.time.Instant;
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

  @Option(
      names = "--as-of",
      description = {
        "Where event time stops (ISO-8601 instant, e.g. 2026-12-01T00:00:00Z): recurring",
        "periods that start and minimum-spend periods that end by then are charged (period",
        "starts, true-ups). Default: none, only the events' own charges."
      })
  Instant asOf;

  OfflineRating.Result rate(Path rules) throws Exception {
    return OfflineRating.rate(rules, accounts, events, parallelism, asOf);
  }
}

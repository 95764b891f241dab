package io.rateflow.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one {@code ./rateflow bench} run: a table for people, JSON for machines. */
record BenchReport(
    long events,
    int accounts,
    int parallelism,
    String checkpointInterval,
    int cores,
    ThroughputRun.Result passthrough,
    ThroughputRun.Result rating,
    LatencyPhase.Result latency) {

  double ratio() {
    return rating.eventsPerSecond() / passthrough.eventsPerSecond();
  }

  double stateBytesPerAccount() {
    return rating.checkpointBytes() < 0 ? -1 : rating.checkpointBytes() / (double) accounts;
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        "  %-28s %12s %10s %12s %14s%n",
        "throughput", "events", "seconds", "events/s", "steady 10-90%");
    row(out, "(a) passthrough", passthrough);
    row(out, "(b) rating job", rating);
    out.printf(
        "  %-28s %12s %10s %12.2f %14.2f%n",
        "ratio (b)/(a)",
        "",
        "",
        ratio(),
        rating.steadyEventsPerSecond() / passthrough.steadyEventsPerSecond());
    out.printf(
        "  %-28s %12s %16s %12s%n", "per event", "CPU µs (job)", "CPU µs (process)", "records out");
    perEvent(out, "(a) passthrough", passthrough);
    perEvent(out, "(b) rating job", rating);
    out.printf(
        "  %-28s %12.2f %16.2f %12.2f%n",
        "ratio (b)/(a)",
        cpuRatio(),
        rating.processCpuMicrosPerEvent() / passthrough.processCpuMicrosPerEvent(),
        rating.recordsPerEvent() / passthrough.recordsPerEvent());
    out.printf(
        "  %-28s %,12.0f bytes/account (latest checkpoint on disk %,d bytes / %,d accounts; %,.1f bytes/event)%n",
        "state (RocksDB, incremental)",
        stateBytesPerAccount(),
        rating.checkpointBytes(),
        accounts,
        rating.checkpointBytes() / (double) events);
    if (!rating.logicalState().isEmpty()) {
      long total = rating.logicalState().values().stream().mapToLong(Long::longValue).sum();
      out.printf(
          "  %-28s %,12.0f bytes/account (canonical savepoint %,d bytes; %,.1f bytes/event), of which:%n",
          "state (logical)", total / (double) accounts, total, total / (double) events);
      rating
          .logicalState()
          .forEach(
              (uid, bytes) ->
                  out.printf(
                      "    %-26s %,12.0f bytes/account %,14d bytes  %s%n",
                      uid,
                      bytes / (double) accounts,
                      bytes,
                      StateBreakdown.RATING_OPERATORS.getOrDefault(
                          uid, "sources' offsets, sinks' transactions")));
    }
    if (!rating.cpuPerSecond().isEmpty()) {
      double total = rating.cpuPerSecond().values().stream().mapToDouble(Double::doubleValue).sum();
      out.printf(
          "  %-28s %.2f cores in all over the steady window; the busiest threads (%% of a core):%n",
          "CPU of the rating run", total);
      rating.cpuPerSecond().entrySet().stream()
          .limit(10)
          .forEach(e -> out.printf("    %-40s %5.1f %%%n", e.getKey(), 100 * e.getValue()));
    }
    if (latency != null) {
      out.printf(
          "  latency at %,.0f events/s offered (%,.0f achieved), %,d charges measured%s%n",
          latency.offeredRate(),
          latency.achievedRate(),
          latency.samples(),
          latency.drained() ? "" : " (NOT all sent events were accounted for before the timeout)");
      out.printf("  %-28s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "max ms");
      out.printf(
          "  %-28s %8d %8d %8d%n",
          "processed (rated_at - ts)",
          latency.processedP50(),
          latency.processedP99(),
          latency.processedMax());
      out.printf(
          "  %-28s %8d %8d %8d%n",
          "committed (seen - ts)",
          latency.committedP50(),
          latency.committedP99(),
          latency.committedMax());
    }
    out.printf(
        "  %d cores, parallelism %d, checkpoint interval %s%n",
        cores, parallelism, checkpointInterval);
  }

  /** CPU per event of the rating job over the passthrough's: the goal is at most 3. */
  double cpuRatio() {
    return rating.cpuMicrosPerEvent() / passthrough.cpuMicrosPerEvent();
  }

  private static void perEvent(PrintStream out, String label, ThroughputRun.Result r) {
    out.printf(
        "  %-28s %12.1f %16.1f %12.3f%n",
        label, r.cpuMicrosPerEvent(), r.processCpuMicrosPerEvent(), r.recordsPerEvent());
  }

  private static void row(PrintStream out, String label, ThroughputRun.Result r) {
    out.printf(
        "  %-28s %,12d %10.1f %,12.0f %,14.0f%n",
        label, r.events(), r.endToEndSeconds(), r.eventsPerSecond(), r.steadyEventsPerSecond());
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", events);
    m.put("accounts", accounts);
    m.put("parallelism", parallelism);
    m.put("cores", cores);
    m.put("checkpoint_interval", checkpointInterval);
    m.put("passthrough_events_per_s", round(passthrough.eventsPerSecond()));
    m.put("passthrough_seconds", round(passthrough.endToEndSeconds()));
    m.put("passthrough_steady_events_per_s", round(passthrough.steadyEventsPerSecond()));
    m.put("pipeline_events_per_s", round(rating.eventsPerSecond()));
    m.put("pipeline_seconds", round(rating.endToEndSeconds()));
    m.put("pipeline_steady_events_per_s", round(rating.steadyEventsPerSecond()));
    m.put("ratio", round3(ratio()));
    m.put("passthrough_cpu_us_per_event", round(passthrough.cpuMicrosPerEvent()));
    m.put("pipeline_cpu_us_per_event", round(rating.cpuMicrosPerEvent()));
    m.put("cpu_ratio", round3(cpuRatio()));
    m.put("passthrough_process_cpu_us_per_event", round(passthrough.processCpuMicrosPerEvent()));
    m.put("pipeline_process_cpu_us_per_event", round(rating.processCpuMicrosPerEvent()));
    m.put("passthrough_records_per_event", round3(passthrough.recordsPerEvent()));
    m.put("pipeline_records_per_event", round3(rating.recordsPerEvent()));
    m.put("pipeline_records_written", rating.recordsWritten());
    m.put("state_bytes_per_account", round(stateBytesPerAccount()));
    m.put("state_checkpoint_bytes", rating.checkpointBytes());
    if (!rating.logicalState().isEmpty()) {
      long total = rating.logicalState().values().stream().mapToLong(Long::longValue).sum();
      m.put("state_logical_bytes_per_account", round(total / (double) accounts));
      rating
          .logicalState()
          .forEach((uid, bytes) -> m.put("state_logical_bytes_" + uid.replace('-', '_'), bytes));
    }
    if (!rating.cpuPerSecond().isEmpty()) {
      m.put(
          "rating_cpu_cores",
          round(rating.cpuPerSecond().values().stream().mapToDouble(Double::doubleValue).sum()));
    }
    if (latency != null) {
      m.put("latency_offered_events_per_s", round(latency.offeredRate()));
      m.put("latency_achieved_events_per_s", round(latency.achievedRate()));
      m.put("latency_samples", latency.samples());
      m.put("latency_p50_ms", latency.processedP50());
      m.put("latency_p99_ms", latency.processedP99());
      m.put("latency_max_ms", latency.processedMax());
      m.put("latency_committed_p50_ms", latency.committedP50());
      m.put("latency_committed_p99_ms", latency.committedP99());
      m.put("latency_committed_max_ms", latency.committedMax());
      m.put("latency_drained", latency.drained());
    }
    StringBuilder b = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      b.append("  \"")
          .append(e.getKey())
          .append("\": ")
          .append(v instanceof String s ? "\"" + s + "\"" : v)
          .append(++i < m.size() ? ",\n" : "\n");
    }
    b.append("}\n");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, b.toString());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}

package io.rateflow.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sizing guide of {@code docs/performance.md} as a calculation: from one bench report (CPU per
 * event, state per account, bytes per remembered event id, checkpoint bytes, records per event) and
 * stated assumptions, the cores, memory, RocksDB disk, checkpoint volume, Kafka partitions and
 * parallelism for 10 k, 100 k and 1 M events/s over 1 M, 10 M and 100 M accounts. Every formula
 * here is written out in the guide; a change to one changes both.
 */
final class Sizing {
  static final double[] RATES = {10_000, 100_000, 1_000_000};
  static final long[] ACCOUNTS = {1_000_000, 10_000_000, 100_000_000};
  private static final double GIB = 1024.0 * 1024 * 1024;

  /**
   * What the bench measured. {@code bytesPerAccount}: logical state per account without the
   * remembered ids; {@code bytesPerId}: per remembered event id; {@code diskPerLogical}: bytes of
   * the RocksDB checkpoint on disk per logical byte; {@code checkpointBytesPerEvent}: on-disk
   * checkpoint bytes per event of the run (what one event adds to the state); {@code
   * recordsPerEvent}: Kafka records written.
   */
  record Measured(
      double cpuMicrosPerEvent,
      double bytesPerAccount,
      double bytesPerId,
      double diskPerLogical,
      double checkpointBytesPerEvent,
      double recordsPerEvent) {}

  /**
   * The assumptions, each stated in the guide. {@code utilisation}: the share of a core planned
   * busy (the rest is headroom to catch up after an outage); {@code overhead}: GC, JIT, Flink's own
   * threads on top of the job's threads; {@code dedupWindowSeconds}: how long event ids are
   * remembered ({@code dedup.window}); {@code hotAccountShare}: the share of account state read in
   * an hour, kept in the block cache; {@code heapPerSlotGib}: JVM heap per slot; {@code
   * eventsPerPartition}: events/s one partition carries comfortably (exactly-once producers, ~200 B
   * records); {@code compaction}: RocksDB bytes written per byte of new state (space and write
   * amplification of levelled compaction); {@code retainedCheckpoints}: checkpoints kept on the
   * checkpoint storage.
   */
  record Assumptions(
      double utilisation,
      double overhead,
      double dedupWindowSeconds,
      double hotAccountShare,
      double heapPerSlotGib,
      double eventsPerPartition,
      double compaction,
      int retainedCheckpoints,
      double checkpointIntervalSeconds) {
    static Assumptions defaults() {
      return new Assumptions(0.6, 1.25, 7 * 86_400, 0.1, 2, 20_000, 2, 2, 10);
    }
  }

  /** One row of the table. */
  record Row(
      double eventsPerSecond,
      long accounts,
      int parallelism,
      double cores,
      double stateGib,
      double idsGib,
      double memoryGib,
      double rocksDiskGib,
      double checkpointGib,
      double checkpointUploadMibPerSecond,
      int inputPartitions,
      double outputRecordsPerSecond,
      int outputPartitions,
      int maxParallelism) {}

  private Sizing() {}

  static Row row(Measured m, Assumptions a, double rate, long accounts) {
    // cores: CPU per event × rate, plus overhead, planned at the utilisation
    double cores = rate * m.cpuMicrosPerEvent() / 1e6 * a.overhead() / a.utilisation();
    int parallelism = Math.max(1, (int) Math.ceil(cores));
    // state: every account's state + every id remembered over the de-duplication window
    double accountBytes = accounts * m.bytesPerAccount();
    double idBytes = rate * a.dedupWindowSeconds() * m.bytesPerId();
    double logical = accountBytes + idBytes;
    // memory: heap per slot + a block cache for the hot accounts and the last hour's ids
    double cache = accountBytes * a.hotAccountShare() + rate * 3_600 * m.bytesPerId();
    double memory = parallelism * a.heapPerSlotGib() + cache / GIB;
    // disk: the state as RocksDB stores it, with room for compaction
    double disk = logical * m.diskPerLogical();
    double rocksDisk = disk * a.compaction();
    // checkpoints: the retained ones on the checkpoint storage; the upload, what compaction
    // rewrites per second
    double checkpoints = disk * a.retainedCheckpoints();
    double upload = rate * m.checkpointBytesPerEvent() * a.compaction();
    int partitions =
        roundUpTo(
            Math.max(parallelism, (int) Math.ceil(rate / a.eventsPerPartition())), parallelism);
    double outRecords = rate * m.recordsPerEvent();
    int outPartitions =
        roundUpTo(
            Math.max(parallelism, (int) Math.ceil(outRecords / a.eventsPerPartition())),
            parallelism);
    int maxParallelism =
        Math.max(128, Integer.highestOneBit(Math.max(1, parallelism * 4 - 1)) << 1);
    return new Row(
        rate,
        accounts,
        parallelism,
        cores,
        accountBytes / GIB,
        idBytes / GIB,
        memory,
        rocksDisk / GIB,
        checkpoints / GIB,
        upload / (1024 * 1024),
        partitions,
        outRecords,
        outPartitions,
        maxParallelism);
  }

  static List<Row> table(Measured m, Assumptions a) {
    List<Row> rows = new ArrayList<>();
    for (double rate : RATES) {
      for (long accounts : ACCOUNTS) {
        rows.add(row(m, a, rate, accounts));
      }
    }
    return rows;
  }

  /**
   * The smallest multiple of {@code step} at or above {@code n}: every subtask reads as many
   * partitions.
   */
  static int roundUpTo(int n, int step) {
    return (n + step - 1) / step * step;
  }

  /**
   * The figures of a bench report ({@code ./rateflow bench --report}): the keys that are missing
   * fall back to the goals, and {@link #print} says so.
   */
  static Measured fromReport(Map<String, Double> r, List<String> assumed) {
    double cpu = need(r, "pipeline_cpu_us_per_event", assumed, 3 * 11.0);
    double events = need(r, "events", assumed, 1);
    double accounts = need(r, "accounts", assumed, 1);
    double perId = need(r, "state_bytes_per_remembered_id", assumed, 16);
    double logicalPerAccount =
        need(r, "state_logical_bytes_per_account", assumed, 1024 + 16 * events / accounts);
    // the run's ids (one per event) are part of its logical state per account: take them out
    double perAccount = Math.max(0, logicalPerAccount - perId * events / accounts);
    double diskPerAccount = need(r, "state_bytes_per_account", assumed, logicalPerAccount);
    double diskPerLogical = logicalPerAccount > 0 ? diskPerAccount / logicalPerAccount : 1;
    double checkpointPerEvent = diskPerAccount * accounts / events;
    double records = need(r, "pipeline_records_per_event", assumed, 2);
    return new Measured(cpu, perAccount, perId, diskPerLogical, checkpointPerEvent, records);
  }

  private static double need(
      Map<String, Double> r, String key, List<String> assumed, double fallback) {
    Double v = r.get(key);
    if (v == null || v < 0) {
      assumed.add(key + " = " + fallback + " (not in the report)");
      return fallback;
    }
    return v;
  }

  private static final Pattern NUMBER =
      Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");

  /** The numeric keys of a flat JSON object, as the bench writes its report. */
  static Map<String, Double> numbers(String json) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = NUMBER.matcher(json);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  /** {@code ./rateflow bench --sizing REPORT.json}. */
  static void print(Path report, PrintStream out) throws IOException {
    List<String> assumed = new ArrayList<>();
    Measured m = fromReport(numbers(Files.readString(report)), assumed);
    Assumptions a = Assumptions.defaults();
    out.printf("Sizing from %s%n", report);
    out.printf(
        "  measured   %.1f µs CPU/event, %.0f B/account, %.1f B/remembered id, %.2f disk/logical, "
            + "%.1f checkpoint B/event, %.2f records/event%n",
        m.cpuMicrosPerEvent(),
        m.bytesPerAccount(),
        m.bytesPerId(),
        m.diskPerLogical(),
        m.checkpointBytesPerEvent(),
        m.recordsPerEvent());
    assumed.forEach(s -> out.printf("  ASSUMED    %s%n", s));
    out.printf(
        "  assumed    %.0f %% CPU utilisation, ×%.2f overhead, ids kept %.0f days, %.0f %% of accounts hot, "
            + "%.0f GiB heap/slot, %,.0f events/s per partition, ×%.0f compaction, %d checkpoints retained%n",
        100 * a.utilisation(),
        a.overhead(),
        a.dedupWindowSeconds() / 86_400,
        100 * a.hotAccountShare(),
        a.heapPerSlotGib(),
        a.eventsPerPartition(),
        a.compaction(),
        a.retainedCheckpoints());
    out.println();
    out.printf(
        "  %9s %11s %6s %6s %10s %10s %9s %11s %11s %10s %6s %12s %6s %6s%n",
        "events/s",
        "accounts",
        "cores",
        "slots",
        "acct GiB",
        "ids GiB",
        "mem GiB",
        "Rocks GiB",
        "chkpt GiB",
        "upl MiB/s",
        "in p",
        "out rec/s",
        "out p",
        "max p");
    for (Row row : table(m, a)) {
      out.printf(
          "  %,9.0f %,11d %6.1f %6d %,10.1f %,10.1f %,9.1f %,11.1f %,11.1f %,10.1f %6d %,12.0f %6d %6d%n",
          row.eventsPerSecond(),
          row.accounts(),
          row.cores(),
          row.parallelism(),
          row.stateGib(),
          row.idsGib(),
          row.memoryGib(),
          row.rocksDiskGib(),
          row.checkpointGib(),
          row.checkpointUploadMibPerSecond(),
          row.inputPartitions(),
          row.outputRecordsPerSecond(),
          row.outputPartitions(),
          row.maxParallelism());
    }
    out.println();
    out.println(
        "  slots = parallelism (one core each); max p = max parallelism (key groups): 4 × slots or more, a power of 2, ≥ 128.");
    out.println("  Formulas and assumptions: docs/performance.md, section \"Sizing guide\".");
  }
}

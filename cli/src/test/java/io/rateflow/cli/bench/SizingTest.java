package io.rateflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sizing guide's formulas, checked by hand on round numbers. */
class SizingTest {
  private static final double GIB = 1024.0 * 1024 * 1024;
  private static final Sizing.Assumptions A =
      new Sizing.Assumptions(0.5, 1.0, 86_400, 0.1, 2, 20_000, 2, 2, 10);
  private static final Sizing.Measured M = new Sizing.Measured(40, 500, 16, 0.5, 100, 3);

  @TempDir Path dir;

  @Test
  void oneRowByHand() {
    Sizing.Row r = Sizing.row(M, A, 100_000, 10_000_000);
    // 100,000 events/s × 40 µs = 4 cores busy, planned at 50 %: 8
    assertThat(r.cores()).isCloseTo(8.0, within(1e-9));
    assertThat(r.parallelism()).isEqualTo(8);
    // 10 M accounts × 500 B; 100,000/s × 1 day × 16 B
    assertThat(r.stateGib()).isCloseTo(5e9 / GIB, within(1e-9));
    assertThat(r.idsGib()).isCloseTo(100_000 * 86_400.0 * 16 / GIB, within(1e-9));
    // 8 slots × 2 GiB + 10 % of the account state + the last hour's ids
    assertThat(r.memoryGib()).isCloseTo(16 + (5e8 + 100_000 * 3_600 * 16.0) / GIB, within(1e-9));
    // on disk: half the logical bytes, twice that for compaction; two retained checkpoints
    double logical = 5e9 + 100_000 * 86_400.0 * 16;
    assertThat(r.rocksDiskGib()).isCloseTo(logical * 0.5 * 2 / GIB, within(1e-9));
    assertThat(r.checkpointGib()).isCloseTo(logical * 0.5 * 2 / GIB, within(1e-9));
    // 100,000/s × 100 B × 2
    assertThat(r.checkpointUploadMibPerSecond()).isCloseTo(2e7 / (1024 * 1024), within(1e-9));
    // 5 partitions for the rate, rounded up to a multiple of the parallelism
    assertThat(r.inputPartitions()).isEqualTo(8);
    assertThat(r.outputRecordsPerSecond()).isCloseTo(300_000, within(1e-9));
    assertThat(r.outputPartitions()).isEqualTo(16);
    assertThat(r.maxParallelism()).isEqualTo(128);
  }

  @Test
  void partitionsAndKeyGroups() {
    assertThat(Sizing.roundUpTo(5, 8)).isEqualTo(8);
    assertThat(Sizing.roundUpTo(50, 8)).isEqualTo(56);
    assertThat(Sizing.roundUpTo(8, 8)).isEqualTo(8);
    Sizing.Row big = Sizing.row(M, A, 1_000_000, 1_000_000);
    assertThat(big.parallelism()).isEqualTo(80);
    assertThat(big.inputPartitions()).isEqualTo(80);
    assertThat(big.maxParallelism()).isEqualTo(512);
  }

  @Test
  void aReportGivesTheMeasuredFiguresAndNamesWhatItLacks() {
    Map<String, Double> report =
        Sizing.numbers(
            """
        {
          "events": 2000000,
          "accounts": 100000,
          "checkpoint_interval": "PT2S",
          "state_bytes_per_account": 600.0,
          "state_logical_bytes_per_account": 1200.0,
          "pipeline_cpu_us_per_event": 31.5,
          "pipeline_records_per_event": 2.25
        }
        """);
    List<String> assumed = new ArrayList<>();
    Sizing.Measured m = Sizing.fromReport(report, assumed);
    assertThat(m.cpuMicrosPerEvent()).isEqualTo(31.5);
    assertThat(m.bytesPerId()).isEqualTo(16);
    assertThat(assumed).singleElement().asString().startsWith("state_bytes_per_remembered_id");
    // 20 ids per account in the run at 16 B: 320 B of the 1,200 are ids
    assertThat(m.bytesPerAccount()).isCloseTo(880, within(1e-9));
    assertThat(m.diskPerLogical()).isCloseTo(0.5, within(1e-9));
    assertThat(m.checkpointBytesPerEvent()).isCloseTo(600.0 * 100_000 / 2_000_000, within(1e-9));
    assertThat(m.recordsPerEvent()).isEqualTo(2.25);
  }

  @Test
  void theCommandPrintsNineRows() throws Exception {
    Path report = dir.resolve("bench.json");
    Files.writeString(
        report, "{\"events\": 1000, \"accounts\": 100, \"pipeline_cpu_us_per_event\": 30.0}");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Sizing.print(report, new PrintStream(text, true, StandardCharsets.UTF_8));
    String out = text.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.matches("\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9.]+\\s+[0-9]+.*")))
        .hasSize(9);
    assertThat(out).contains("ASSUMED    state_bytes_per_remembered_id");
  }
}

package io.rateflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-event figures of a bench run: CPU µs and Kafka records per event, in the table and the
 * JSON report.
 */
class BenchReportTest {
  @TempDir Path dir;

  static ThroughputRun.Result run(
      String label, long events, double jobCpu, double processCpu, long written) {
    return new ThroughputRun.Result(
        label,
        events,
        10,
        events / 8.0,
        1_000_000,
        Map.of(),
        Map.of(),
        jobCpu,
        processCpu,
        written);
  }

  @Test
  void cpuAndRecordsPerEventAreDividedByTheRunsEvents() {
    ThroughputRun.Result r = run("b", 2_000_000, 60.0, 90.0, 9_000_000);
    assertThat(r.cpuMicrosPerEvent()).isCloseTo(30.0, within(1e-9));
    assertThat(r.processCpuMicrosPerEvent()).isCloseTo(45.0, within(1e-9));
    assertThat(r.recordsPerEvent()).isCloseTo(4.5, within(1e-9));
  }

  @Test
  void unmeasuredFiguresStayUnmeasured() {
    ThroughputRun.Result r = run("b", 1_000, -1, -1, -1);
    assertThat(r.cpuMicrosPerEvent()).isEqualTo(-1);
    assertThat(r.processCpuMicrosPerEvent()).isEqualTo(-1);
    assertThat(r.recordsPerEvent()).isEqualTo(-1);
  }

  @Test
  void theReportCarriesBothJobsPerEventFiguresAndTheirRatio() throws Exception {
    BenchReport report =
        new BenchReport(
            400_000,
            1_000,
            2,
            "PT2S",
            2,
            run("a", 400_000, 4.4, 12.0, 400_123),
            run("b", 400_000, 12.8, 30.0, 1_801_000),
            null);
    Path json = dir.resolve("r.json");
    report.writeJson(json);
    Map<String, Double> keys = Sizing.numbers(Files.readString(json));
    assertThat(keys)
        .containsEntry("passthrough_cpu_us_per_event", 11.0)
        .containsEntry("pipeline_cpu_us_per_event", 32.0)
        .containsEntry("cpu_ratio", 2.909)
        .containsEntry("passthrough_process_cpu_us_per_event", 30.0)
        .containsEntry("pipeline_process_cpu_us_per_event", 75.0)
        .containsEntry("passthrough_records_per_event", 1.0)
        .containsEntry("pipeline_records_per_event", 4.503)
        .containsEntry("pipeline_records_written", 1_801_000.0);

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    report.print(new PrintStream(text, true, StandardCharsets.UTF_8));
    assertThat(text.toString(StandardCharsets.UTF_8))
        .containsPattern("\\(a\\) passthrough\\s+11\\.0\\s+30\\.0\\s+1\\.000")
        .containsPattern("\\(b\\) rating job\\s+32\\.0\\s+75\\.0\\s+4\\.503")
        .containsPattern("ratio \\(b\\)/\\(a\\)\\s+2\\.91\\s+2\\.50\\s+4\\.50");
  }
}

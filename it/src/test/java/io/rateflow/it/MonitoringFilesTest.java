package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files parse, every alert is complete, and the names MetricsITCase checks are read
 * from PromQL correctly (so a name the parser missed cannot slip past that test).
 */
class MonitoringFilesTest {
  @Test
  void metricNamesAreReadFromPromQlWithoutFunctionsLabelsOrDurations() {
    assertThat(
            MonitoringFiles.metricNames(
                "sum by (job_name, reason) (rate(flink_a_total{reason=\"X\", stage=~\"decode_.*\"}[$__rate_interval])) "
                    + "/ clamp_min(sum(increase(flink_b[5m] offset 1h)), 0.001) > 1e3 and on (job_id) flink_c > 300000 "
                    + "or absent(flink_d{job_name=\"rateflow_rating\"}) unless (time() * 1000 - flink_e) > 600000"))
        .containsExactlyInAnyOrder("flink_a_total", "flink_b", "flink_c", "flink_d", "flink_e");
    assertThat(MonitoringFiles.metricNames("label_values(flink_jobmanager_job_uptime, job_name)"))
        .containsExactly("flink_jobmanager_job_uptime");
    assertThat(MonitoringFiles.metricNames("sum(rate(x[5m])) by (reason)")).containsExactly("x");
    assertThat(
            MonitoringFiles.labelNames(
                "sum by (job_name, reason) (rate(x{stage=~\"a|b\", input!=\"c,d\"}[5m])) "
                    + "and on (job_id) y{job_name=\"$job\"}"))
        .containsExactlyInAnyOrder("job_name", "reason", "stage", "input", "job_id");
  }

  @Test
  void everyFileParsesAndEveryAlertHasASeverityASummaryAndARunbookInDocsMetrics() throws Exception {
    assertThat(MonitoringFiles.parsed()).hasSizeGreaterThanOrEqualTo(3);
    List<MonitoringFiles.Alert> alerts = MonitoringFiles.alerts();
    assertThat(alerts)
        .extracting(MonitoringFiles.Alert::name)
        .doesNotHaveDuplicates()
        .contains(
            "RateflowJobRestarting",
            "RateflowCheckpointsFailing",
            "RateflowCheckpointSlow",
            "RateflowRejectionSpike",
            "RateflowEventsHeld",
            "RateflowConsumerLag");
    String docs =
        java.nio.file.Files.readString(
            MonitoringFiles.directory().resolve("../../docs/metrics.md"));
    String runbook =
        java.nio.file.Files.readString(MonitoringFiles.directory().resolve("../README.md"));
    for (MonitoringFiles.Alert a : alerts) {
      assertThat(a.labels().get("severity")).as(a.name()).isIn("warning", "critical");
      assertThat(a.annotations())
          .as(a.name())
          .containsKeys("summary", "description", "runbook_url");
      assertThat(a.annotations().get("runbook_url"))
          .as(a.name())
          .isEqualTo("docs/metrics.md#" + a.name().toLowerCase());
      assertThat(docs).as("docs/metrics.md documents " + a.name()).contains("### " + a.name());
      assertThat(runbook)
          .as("the runbook k8s/README.md says what to do on " + a.name())
          .contains(a.name());
      assertThat(MonitoringFiles.metricNames(a.expr())).as(a.name()).isNotEmpty();
    }
    Set<String> names = MonitoringFiles.metricNames();
    assertThat(names).allSatisfy(n -> assertThat(n).startsWith("flink_"));
  }
}

package io.rateflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-thread CPU: threads of one group add up, threads that started in the window count whole. */
class ThreadCpuTest {
  @Test
  void cpuBetweenTwoSnapshotsIsGroupedAndLargestFirst() {
    Map<String, double[]> before =
        Map.of(
            "1\tGC Thread#", new double[] {1.0},
            "2\tGC Thread#", new double[] {2.0},
            "3\trate per accoun", new double[] {10.0});
    Map<String, double[]> after =
        Map.of(
            "1\tGC Thread#", new double[] {1.5},
            "2\tGC Thread#", new double[] {2.25},
            "3\trate per accoun", new double[] {14.0},
            "4\trocksdb:low", new double[] {0.5});
    assertThat(ThreadCpu.between(before, after))
        .containsExactly(
            Map.entry("rate per accoun", 4.0),
            Map.entry("GC Thread#", 0.75),
            Map.entry("rocksdb:low", 0.5));
  }

  @Test
  void aBusyThreadOfThisProcessShowsUp() {
    Map<String, double[]> before = ThreadCpu.snapshot();
    long x = 0;
    // 300 ms of CPU, not of wall time: on a busy machine this thread gets a fraction of a core
    java.lang.management.ThreadMXBean bean =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long end = bean.getCurrentThreadCpuTime() + 300_000_000L;
    while (bean.getCurrentThreadCpuTime() < end) {
      x += System.nanoTime() % 7;
    }
    Map<String, Double> used = ThreadCpu.between(before, ThreadCpu.snapshot());
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(used.values().stream().mapToDouble(Double::doubleValue).sum())
          .as("spun %d", x)
          .isGreaterThan(0.1);
    } else {
      assertThat(used).isEmpty();
    }
  }
}

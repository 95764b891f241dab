package io.rateflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The job's CPU: only threads of Flink's task thread group (and RocksDB's), threads new in the
 * window count whole.
 */
class JobCpuTest {
  @Test
  void cpuBetweenSnapshotsCountsNewThreadsWholeAndNeverNegative() {
    Map<String, Double> before = Map.of("java:1", 2.0, "java:2", 5.0, "native:9\trocksdb:low", 1.0);
    Map<String, Double> after =
        Map.of("java:1", 2.5, "java:2", 4.0, "java:3", 0.25, "native:9\trocksdb:low", 1.5);
    assertThat(JobCpu.between(before, after)).isCloseTo(0.5 + 0.25 + 0.5, within(1e-9));
  }

  @Test
  void microsPerEvent() {
    assertThat(JobCpu.microsPerEvent(3.0, 100_000)).isCloseTo(30.0, within(1e-9));
    assertThat(JobCpu.microsPerEvent(-1, 100_000)).isEqualTo(-1);
    assertThat(JobCpu.microsPerEvent(3.0, 0)).isEqualTo(-1);
  }

  @Test
  void aBusyThreadInTheTaskThreadGroupIsCountedAndOneOutsideIsNot() throws Exception {
    ThreadGroup tasks = new ThreadGroup(JobCpu.TASK_THREADS);
    assertThat(cpuOfASpinningThread(new ThreadGroup(tasks, "child"))).isGreaterThan(0.25);
    assertThat(cpuOfASpinningThread(Thread.currentThread().getThreadGroup())).isLessThan(0.05);
  }

  /**
   * The job CPU seen while a thread of {@code group} has spun for 300 ms of CPU (and still lives:
   * ended threads are not seen).
   */
  private static double cpuOfASpinningThread(ThreadGroup group) throws Exception {
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch measured = new CountDownLatch(1);
    AtomicLong sink = new AtomicLong();
    Thread thread =
        new Thread(
            group,
            () -> {
              // CPU time, not wall time: on a busy machine a thread gets a fraction of a core
              ThreadMXBean bean = ManagementFactory.getThreadMXBean();
              long x = 0;
              while (bean.getCurrentThreadCpuTime() < 300_000_000L) {
                x += System.nanoTime() % 7;
              }
              sink.addAndGet(x);
              spun.countDown();
              try {
                measured.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "spinner");
    Map<String, Double> before = JobCpu.snapshot();
    thread.start();
    spun.await();
    double used = JobCpu.between(before, JobCpu.snapshot());
    measured.countDown();
    thread.join();
    return used;
  }
}

package io.rateflow.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent for the Flink job of this process: its task threads, and the threads they start
 * (Kafka fetchers and producer I/O, asynchronous checkpoint parts), which Java puts in the task
 * thread's group "Flink Task Threads"; plus RocksDB's native flush and compaction threads, which
 * work only for the job's state. Left out, as the same for both jobs or not the job's: the embedded
 * broker, the bench's own reader, the JIT compiler and the garbage collector (see {@link
 * #processSeconds()} for the whole process).
 */
final class JobCpu {
  /** Flink's {@code Task.TASK_THREADS_GROUP}. */
  static final String TASK_THREADS = "Flink Task Threads";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private JobCpu() {}

  /**
   * CPU seconds so far of each thread that works for the job, by an id unique within the process.
   */
  static Map<String, Double> snapshot() {
    Map<String, Double> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (inGroup(t.getThreadGroup(), TASK_THREADS)) {
        long nanos = THREADS.getThreadCpuTime(t.getId());
        if (nanos >= 0) {
          out.put("java:" + t.getId(), nanos / 1e9);
        }
      }
    }
    // RocksDB's threads are native: only /proc knows them (ThreadCpu groups them as "rocksdb:low"
    // and "rocksdb:high")
    ThreadCpu.snapshot()
        .forEach(
            (key, seconds) -> {
              if (key.substring(key.indexOf('\t') + 1).startsWith("rocksdb")) {
                out.put("native:" + key, seconds[0]);
              }
            });
    return out;
  }

  /**
   * CPU seconds between two snapshots: a thread that started in between counts whole; one that
   * ended in between is lost (the task threads live as long as the job, which is still running).
   */
  static double between(Map<String, Double> before, Map<String, Double> after) {
    double used = 0;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      used += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
    }
    return used;
  }

  /**
   * CPU seconds of the whole process so far (broker, bench, JIT and GC included), -1 where unknown.
   */
  static double processSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1e9;
    }
    return -1;
  }

  /** Microseconds of CPU per event; -1 when not measured. */
  static double microsPerEvent(double cpuSeconds, long events) {
    return cpuSeconds < 0 || events <= 0 ? -1 : cpuSeconds * 1e6 / events;
  }

  static boolean inGroup(ThreadGroup group, String name) {
    for (ThreadGroup g = group; g != null; g = g.getParent()) {
      if (name.equals(g.getName())) {
        return true;
      }
    }
    return false;
  }
}

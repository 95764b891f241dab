package io.rateflow.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time per thread of this process, from {@code /proc/self/task} (Linux): Java threads and
 * native ones alike (RocksDB's compaction and flush threads have no Java counterpart). Threads are
 * grouped by name without their number, so "GC Thread#0" and "GC Thread#1" add up; Linux cuts names
 * at 15 characters ("rate per accoun"). Elsewhere it is empty.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");

  /** Clock ticks per second of {@code stat}'s utime and stime; 100 on every Linux this runs on. */
  private static final double TICKS = 100.0;

  private ThreadCpu() {}

  /** Seconds of CPU so far per thread id, with the thread's group name. */
  static Map<String, double[]> snapshot() {
    Map<String, double[]> out = new TreeMap<>();
    if (!Files.isDirectory(TASKS)) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // fields after the parenthesised name: state is 3rd, utime 14th and stime 15th of the
          // line
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
          out.put(
              task.getFileName() + "\t" + group(Files.readString(task.resolve("comm")).trim()),
              new double[] {seconds});
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /** CPU seconds per thread group between two snapshots, largest first. */
  static Map<String, Double> between(Map<String, double[]> before, Map<String, double[]> after) {
    Map<String, Double> groups = new TreeMap<>();
    after.forEach(
        (key, now) -> {
          double[] then = before.get(key);
          double used = now[0] - (then == null ? 0 : then[0]);
          if (used > 0) {
            groups.merge(key.substring(key.indexOf('\t') + 1), used, Double::sum);
          }
        });
    Map<String, Double> sorted = new LinkedHashMap<>();
    List<Map.Entry<String, Double>> entries =
        groups.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .toList();
    entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static String group(String comm) {
    // "GC Thread#0" and "GC Thread#1" are one group; "C1 CompilerThre" and "C2 CompilerThre" are
    // not
    return comm.replaceAll("(?<=[#-])[0-9]+|[0-9]+$", "");
  }
}

package io.rateflow.cli.bench;

import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.LocalFlink;
import io.rateflow.cli.run.Progress;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One job over the preloaded events, from submission until the committed output accounts for every
 * event (one charge or one rejection each), then cancelled.
 */
final class ThroughputRun {
  /** Which job to run. */
  enum Kind {
    PASSTHROUGH,
    RATING
  }

  /**
   * What one run measured. {@code endToEndSeconds} is job submission to the last commit (start-up
   * and the final checkpoint included); the steady rate is between 10% and 90% committed. {@code
   * checkpointBytes} is -1 when no checkpoint was found; {@code logicalState} is the rating job's
   * canonical savepoint per stateful operator ({@link StateBreakdown}), empty for the passthrough
   * or when the savepoint failed. {@code cpuPerSecond} is CPU seconds per second of each thread
   * group of this process over the steady window ({@link ThreadCpu}; empty where there is no
   * /proc). {@code jobCpuSeconds} is the CPU of the job's threads over the whole run ({@link
   * JobCpu}), {@code processCpuSeconds} that of the whole process (broker and bench included), and
   * {@code recordsWritten} the records committed to all output topics ({@link OutputOffsets}); each
   * -1 when not measured.
   */
  record Result(
      String label,
      long events,
      double endToEndSeconds,
      double steadyEventsPerSecond,
      long checkpointBytes,
      Map<String, Long> logicalState,
      Map<String, Double> cpuPerSecond,
      double jobCpuSeconds,
      double processCpuSeconds,
      long recordsWritten) {
    double eventsPerSecond() {
      return events / endToEndSeconds;
    }

    /** CPU µs of the job's threads per event, over the whole run. */
    double cpuMicrosPerEvent() {
      return JobCpu.microsPerEvent(jobCpuSeconds, events);
    }

    /** CPU µs of the whole process per event, over the whole run. */
    double processCpuMicrosPerEvent() {
      return JobCpu.microsPerEvent(processCpuSeconds, events);
    }

    /** Kafka records written per event, to all output topics. */
    double recordsPerEvent() {
      return OutputOffsets.perEvent(recordsWritten, events);
    }
  }

  private ThroughputRun() {}

  static Result run(
      Kind kind,
      String label,
      RatingConfig config,
      Path checkpoints,
      int parallelism,
      long events,
      Duration timeout,
      PrintStream out,
      boolean measureState)
      throws Exception {
    StreamExecutionEnvironment env =
        LocalFlink.environment(
            RatingJob.flinkConfiguration(config, checkpoints.toAbsolutePath().toUri().toString()),
            parallelism,
            0);
    if (kind == Kind.RATING) {
      new RatingJob(config).build(env);
    } else {
      new PassthroughJob(config).build(env);
    }
    try (CommittedCount committed =
        new CommittedCount(
            config.bootstrapServers(),
            List.of(config.chargesTopic(), config.rejectedTopic()),
            null)) {
      Progress progress = new Progress(label, events, out);
      List<String> outputs = OutputOffsets.outputTopics(config);
      long written0 = OutputOffsets.committedEnd(config.bootstrapServers(), outputs);
      Map<String, Double> jobCpu0 = JobCpu.snapshot();
      double processCpu0 = JobCpu.processSeconds();
      long start = System.nanoTime();
      JobClient job = env.executeAsync("rateflow-bench-" + label);
      long deadline = start + timeout.toNanos();
      long t10 = 0;
      long c10 = 0;
      long t90 = 0;
      long c90 = 0;
      long lastStatusCheck = 0;
      Map<String, double[]> cpu10 = null;
      Map<String, double[]> cpu90 = null;
      try {
        while (committed.count() < events) {
          long now = System.nanoTime();
          if (now > deadline) {
            throw new IllegalStateException(
                label
                    + ": only "
                    + committed.count()
                    + " of "
                    + events
                    + " events accounted for after "
                    + timeout
                    + "; see the log file");
          }
          if (now - lastStatusCheck > 1_000_000_000L) {
            lastStatusCheck = now;
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
              throw new IllegalStateException(
                  label
                      + ": the job ended ("
                      + status
                      + ") with only "
                      + committed.count()
                      + " of "
                      + events
                      + " events accounted for; see the log file");
            }
          }
          long c = committed.poll(Duration.ofMillis(100));
          progress.update(c);
          if (t10 == 0 && c >= events / 10) {
            t10 = System.nanoTime();
            cpu10 = ThreadCpu.snapshot();
            c10 = c;
          }
          if (t90 == 0 && c >= events * 9 / 10) {
            t90 = System.nanoTime();
            cpu90 = ThreadCpu.snapshot();
            c90 = c;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish();
        // The sinks commit their transactions one after the other: the rest of the output follows
        // shortly.
        long written = settledEnd(config, outputs) - written0;
        double jobCpu = JobCpu.between(jobCpu0, JobCpu.snapshot());
        double processCpu = processCpu0 < 0 ? -1 : JobCpu.processSeconds() - processCpu0;
        // Measured while the job still runs: on cancellation Flink deletes unretained checkpoints.
        long bytes = measureState ? latestCheckpointBytes(checkpoints) : -1;
        Map<String, Long> logical = Map.of();
        if (kind == Kind.RATING && measureState) {
          try {
            logical =
                StateBreakdown.of(
                    job, checkpoints.resolve("savepoint"), StateBreakdown.RATING_OPERATORS);
          } catch (Exception e) {
            out.printf("  (no state breakdown: the savepoint failed: %s)%n", e);
          }
        }
        double steady = t90 > t10 ? (c90 - c10) / ((t90 - t10) / 1e9) : events / seconds;
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        if (cpu10 != null && cpu90 != null && t90 > t10) {
          double window = (t90 - t10) / 1e9;
          ThreadCpu.between(cpu10, cpu90).forEach((thread, used) -> cpu.put(thread, used / window));
        }
        return new Result(
            label, events, seconds, steady, bytes, logical, cpu, jobCpu, processCpu, written);
      } finally {
        JobWatch.stop(job);
      }
    }
  }

  /**
   * The committed end offsets once they have not moved for a checkpoint interval and a second (at
   * most 30 s).
   */
  private static long settledEnd(RatingConfig config, List<String> outputs)
      throws InterruptedException {
    long quiet = config.checkpointInterval().toMillis() + 1_000;
    long deadline = System.currentTimeMillis() + 30_000;
    long last = OutputOffsets.committedEnd(config.bootstrapServers(), outputs);
    long lastChange = System.currentTimeMillis();
    while (System.currentTimeMillis() - lastChange < quiet
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      long now = OutputOffsets.committedEnd(config.bootstrapServers(), outputs);
      if (now != last) {
        last = now;
        lastChange = System.currentTimeMillis();
      }
    }
    return last;
  }

  /**
   * The on-disk size of the newest completed checkpoint: its {@code chk-N} directory plus the
   * {@code shared} (incremental RocksDB SST files) and {@code taskowned} directories. Shared files
   * of subsumed checkpoints are deleted by Flink once unreferenced, so this is close to the state
   * the latest checkpoint needs to restore from.
   */
  static long latestCheckpointBytes(Path checkpoints) {
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      long total = 0;
      boolean found = false;
      for (Path jobDir : jobs.filter(Files::isDirectory).toList()) {
        Optional<Path> latest;
        try (Stream<Path> children = Files.list(jobDir)) {
          latest =
              children
                  .filter(p -> p.getFileName().toString().startsWith("chk-"))
                  .filter(p -> Files.exists(p.resolve("_metadata")))
                  .max(
                      Comparator.comparingLong(
                          p -> Long.parseLong(p.getFileName().toString().substring(4))));
        }
        if (latest.isPresent()) {
          found = true;
          total +=
              size(latest.get())
                  + size(jobDir.resolve("shared"))
                  + size(jobDir.resolve("taskowned"));
        }
      }
      return found ? total : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the checkpoints in " + checkpoints, e);
    }
  }

  /** Bytes under a directory; files the job deletes meanwhile (subsumed checkpoints) count as 0. */
  static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    long[] total = {0};
    Files.walkFileTree(
        dir,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            total[0] += attrs.size();
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }
}

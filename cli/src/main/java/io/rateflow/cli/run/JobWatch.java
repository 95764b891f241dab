package io.rateflow.cli.run;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Waits, with a deadline and never with a fixed sleep, until a streaming job's committed output
 * accounts for every input event.
 */
public final class JobWatch {
  private JobWatch() {}

  /** How the wait ended. */
  public enum Outcome {
    ACCOUNTED,
    TIMED_OUT,
    JOB_ENDED
  }

  public static Outcome awaitAccounted(
      JobClient job, OutputTally tally, long expected, Duration timeout, LongConsumer progress)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tally.rated() + tally.rejectedEvents() < expected) {
      if (System.nanoTime() > deadline) {
        return Outcome.TIMED_OUT;
      }
      JobStatus status = job.getJobStatus().get();
      if (status.isGloballyTerminalState()) {
        tally.poll(Duration.ofSeconds(1));
        return tally.rated() + tally.rejectedEvents() >= expected
            ? Outcome.ACCOUNTED
            : Outcome.JOB_ENDED;
      }
      tally.poll(Duration.ofMillis(200));
      progress.accept(tally.rated() + tally.rejectedEvents());
    }
    return Outcome.ACCOUNTED;
  }

  /** Cancels a job and waits until it is gone; a job that already ended is fine. */
  public static void stop(JobClient job) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      try {
        job.cancel().get();
      } catch (Exception e) {
        // it may have ended between the check and the cancel
      }
    }
  }
}

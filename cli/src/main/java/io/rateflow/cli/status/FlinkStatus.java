package io.rateflow.cli.status;

/**
 * What Flink's REST API says about the rating job.
 *
 * @param error why Flink could not be asked or the job not found (then the rest is empty), or
 *     {@code null}
 * @param restarts the job's {@code numRestarts} metric, or {@code null} when Flink does not report
 *     it
 * @param lastCheckpoint the last completed checkpoint, or {@code null} when none has completed yet
 * @param heldEvents the {@code heldEvents} gauge summed over the account operator's subtasks, or
 *     {@code null} when the job does not report it
 */
public record FlinkStatus(
    String address,
    String error,
    String jobId,
    String jobName,
    String state,
    Long uptimeMillis,
    Long restarts,
    Checkpoint lastCheckpoint,
    Long failedCheckpoints,
    Long heldEvents) {

  /** A completed checkpoint: its id, when it completed, its size and how long it took. */
  public record Checkpoint(long id, long completedAtMillis, long sizeBytes, long durationMillis) {}

  static FlinkStatus unreachable(String address, String error) {
    return new FlinkStatus(address, error, null, null, null, null, null, null, null, null);
  }

  public boolean answered() {
    return error == null;
  }

  public boolean running() {
    return "RUNNING".equals(state);
  }
}

package io.rateflow.cli.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * An in-process Flink cluster whose TaskManagers can be killed: one slot each, so at parallelism 2
 * each TaskManager runs one copy of every operator and losing either one fails the job over.
 */
final class SoakCluster implements AutoCloseable {
  private final MiniCluster cluster;

  /** Indices (in the MiniCluster's list, which never shrinks) of the TaskManagers still running. */
  private final List<Integer> live = new ArrayList<>();

  private int started;

  SoakCluster(Configuration conf, int taskManagers) throws Exception {
    cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(1)
                .build());
    cluster.start();
    for (int i = 0; i < taskManagers; i++) {
      live.add(i);
    }
    started = taskManagers;
  }

  JobID submit(JobGraph job) throws Exception {
    return cluster.submitJob(job).get(60, TimeUnit.SECONDS).getJobID();
  }

  JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
  }

  /** Waits until the job and every one of its tasks are running; fails if the job ends. */
  void awaitRunning(JobID job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobStatus status = status(job);
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException(
            "The soak's job ended ("
                + status
                + ") while it should be running: "
                + failureCause(job));
      }
      if (status == JobStatus.RUNNING && allTasksRunning(job)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The soak's job was not running after "
                + timeout.toSeconds()
                + " s (status "
                + status
                + "); see the log for why it keeps restarting.");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The sum of the tasks' attempt numbers: it grows on every restart of a task, so a fault has been
   * felt once it is above what it was before.
   */
  long attempts(JobID job) throws Exception {
    long sum = 0;
    for (AccessExecutionVertex v :
        cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS).getAllExecutionVertices()) {
      sum += v.getCurrentExecutionAttempt().getAttemptNumber();
    }
    return sum;
  }

  /**
   * Waits until some task of the job has restarted since {@code attemptsBefore}; false on timeout.
   */
  boolean awaitRestart(JobID job, long attemptsBefore, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (status(job).isGloballyTerminalState() || attempts(job) > attemptsBefore) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private boolean allTasksRunning(JobID job) throws Exception {
    AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS);
    for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
      if (v.getExecutionState() != ExecutionState.RUNNING) {
        return false;
      }
    }
    return true;
  }

  /** Why a job that ended failed, as one line, or "" when it did not fail. */
  String failureCause(JobID job) {
    try {
      var failure = cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS).getFailureInfo();
      return failure == null ? "" : failure.getExceptionAsString().lines().findFirst().orElse("");
    } catch (Exception e) {
      return "(cause unknown: " + e + ")";
    }
  }

  /**
   * Stops the job with a savepoint (canonical format, which any parallelism can restore) and
   * returns its path.
   */
  String stopWithSavepoint(JobID job, Path directory) throws Exception {
    return stopWithSavepoint(job, directory, false);
  }

  /**
   * The same, optionally draining: the end of event time then reaches every operator, so the ledger
   * closes its open days (as the reference does at the end) before the last commit.
   */
  String stopWithSavepoint(JobID job, Path directory, boolean drain) throws Exception {
    return cluster
        .stopWithSavepoint(job, directory.toUri().toString(), drain, SavepointFormatType.CANONICAL)
        .get(5, TimeUnit.MINUTES);
  }

  void cancel(JobID job) throws Exception {
    if (!status(job).isGloballyTerminalState()) {
      cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!status(job).isGloballyTerminalState() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Terminates the {@code count} oldest running TaskManagers and starts as many new ones, as a
   * machine loss and its replacement would; the job's tasks on them fail and restart elsewhere.
   */
  void replaceTaskManagers(int count) throws Exception {
    for (int i = 0; i < count && !live.isEmpty(); i++) {
      int index = live.remove(0);
      cluster.terminateTaskManager(index).get(60, TimeUnit.SECONDS);
      cluster.startTaskManager();
      live.add(started++);
    }
  }

  int taskManagers() {
    return live.size();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}

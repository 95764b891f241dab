package io.rateflow.cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow stop}: stops the rating job with a savepoint, the one safe way to end a job
 * that will be started again (upgrades, rescaling, moving machines).
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stops the rating job with a savepoint and prints its path.",
      "Without --flink it stops the local './rateflow run' of this checkout (found in .rateflow/run/job.properties);",
      "the next 'run' resumes from the savepoint. With --flink HOST:PORT --job ID it stops that job on a cluster;",
      "start it again with 'run --flink HOST:PORT --from-savepoint PATH'."
    })
public final class StopCommand implements Callable<Integer> {
  @Option(
      names = "--savepoint-dir",
      description =
          "Where to write the savepoint (local default .rateflow/run/savepoints;"
              + " on a cluster its execution.checkpointing.savepoint-dir).")
  String savepointDir;

  @Option(names = "--flink", description = "REST endpoint of a Flink cluster, HOST:PORT.")
  String flink;

  @Option(names = "--job", description = "The job id, with --flink.")
  String job;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      description = "How long to wait for the savepoint (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    String host;
    int port;
    String jobId;
    String dir = savepointDir;
    if (flink != null) {
      if (job == null) {
        return fail(
            "--flink needs --job ID (the job id is in the cluster's web UI or 'flink list')");
      }
      String[] hp = flink.split(":");
      if (hp.length != 2 || !hp[1].matches("\\d+")) {
        return fail("--flink must be HOST:PORT, got '" + flink + "'");
      }
      host = hp[0];
      port = Integer.parseInt(hp[1]);
      jobId = job;
    } else {
      Optional<RunFile> run = RunFile.read();
      if (run.isEmpty()) {
        return fail(
            "no local run to stop: "
                + RunFile.file().toAbsolutePath()
                + " does not exist (is './rateflow run' running"
                + " from this checkout? for a cluster, pass --flink HOST:PORT --job ID)");
      }
      if (run.get().pid() > 0
          && ProcessHandle.of(run.get().pid()).map(ProcessHandle::isAlive).orElse(false) == false) {
        return fail(
            "no local run to stop: the run that wrote "
                + RunFile.file().toAbsolutePath()
                + " (pid "
                + run.get().pid()
                + ") has ended; its retained checkpoint is what the next './rateflow run' resumes from");
      }
      host = "127.0.0.1";
      port = run.get().restPort();
      jobId = run.get().jobId();
      if (dir == null) {
        dir = Files.createDirectories(RunFile.savepoints()).toUri().toString();
      }
    }
    if (dir != null && !dir.contains("://") && !dir.startsWith("file:")) {
      dir = Files.createDirectories(Path.of(dir).toAbsolutePath()).toUri().toString();
    }
    JobID id;
    try {
      id = JobID.fromHexString(jobId);
    } catch (IllegalArgumentException e) {
      return fail("'" + jobId + "' is not a Flink job id (32 hex digits)");
    }
    Configuration c = new Configuration();
    c.set(RestOptions.ADDRESS, host);
    c.set(RestOptions.PORT, port);
    Duration wait = io.rateflow.job.RatingConfig.parseDuration(timeout);
    System.out.printf("stopping job %s on %s:%d with a savepoint...%n", jobId, host, port);
    java.nio.file.attribute.FileTime started =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 1000);
    String path;
    try (RestClusterClient<StandaloneClusterId> client =
        new RestClusterClient<>(c, StandaloneClusterId.getInstance())) {
      // No drain: draining would fire every timer and close every open day as if the input had
      // ended.
      path =
          client
              .stopWithSavepoint(id, false, dir, SavepointFormatType.CANONICAL)
              .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return fail(
          "no savepoint within "
              + timeout
              + "; the job keeps running (retry with a longer --timeout)");
    } catch (java.util.concurrent.ExecutionException e) {
      Optional<String> written =
          flink == null ? savepointOfEndedRun(jobId, dir, started) : Optional.empty();
      if (written.isEmpty()) {
        return fail(
            "the job was not stopped: "
                + RunCommand.rootMessage(e)
                + " (the job keeps running, or had already ended)");
      }
      path = written.get();
    }
    if (flink == null) {
      RunFile.recordSavepoint(path);
      Path savepoint = LocalPaths.of(path);
      StateOrigin.of(RunFile.dir()).ifPresent(o -> o.writeToQuietly(savepoint));
      System.out.printf(
          "stopped with savepoint %s%nthe next './rateflow run' resumes from it%n", path);
    } else {
      System.out.printf(
          "stopped with savepoint %s%nresume with: ./rateflow run --flink %s --from-savepoint %s%n",
          path, flink, path);
    }
    return 0;
  }

  /**
   * A local run's MiniCluster shuts down with the job, so the REST call that asks for the finished
   * savepoint's path may find nobody to answer. Then the savepoint is the one this job wrote into
   * {@code dir} since the stop began (Flink names it {@code savepoint-<job id prefix>-...}).
   */
  private static Optional<String> savepointOfEndedRun(
      String jobId, String dir, java.nio.file.attribute.FileTime since) {
    Path target = LocalPaths.of(dir);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<RestorePoint> written =
          RestorePoint.savepoints(target).stream()
              .filter(
                  r ->
                      r.dir()
                          .getFileName()
                          .toString()
                          .startsWith("savepoint-" + jobId.substring(0, 6)))
              .filter(r -> r.completed().compareTo(since) >= 0)
              .max(java.util.Comparator.comparing(RestorePoint::completed));
      if (written.isPresent()) {
        return Optional.of(written.get().dir().toUri().toString());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  private static int fail(String message) {
    System.err.println("rateflow stop: " + message);
    return 1;
  }
}

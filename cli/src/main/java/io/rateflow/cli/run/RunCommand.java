package io.rateflow.cli.run;

import io.rateflow.cli.Home;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rateflow run}: the rating job against an existing Kafka, here or on a Flink cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the rating job against an existing Kafka cluster.",
      "Bootstrap servers, topic names and security settings come from a properties file (see the README's",
      "configuration reference).",
      "Without --flink it runs on a local MiniCluster until interrupted, resuming from the newest retained",
      "checkpoint or savepoint of earlier runs ('./rateflow stop' takes one); --fresh starts without state.",
      "With --flink HOST:PORT it submits the job jar to that cluster's REST endpoint and returns."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The rateflow.properties file.")
  Path config;

  @Option(names = "--flink", description = "REST endpoint of a Flink cluster, HOST:PORT.")
  String flink;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoints",
      description =
          "Checkpoint directory for local runs (default .rateflow/run/checkpoints);"
              + " with --flink, a URI the cluster can write (else the cluster's own setting).")
  String checkpoints;

  @Option(
      names = "--from-savepoint",
      description =
          "Start from this savepoint or retained checkpoint (a directory holding _metadata).")
  String fromSavepoint;

  @Option(
      names = "--fresh",
      description =
          "Start without state, ignoring retained checkpoints and savepoints (local runs).")
  boolean fresh;

  @Option(
      names = "--skip-kafka-check",
      description = "Do not check that Kafka answers and the topics exist before starting.")
  boolean skipKafkaCheck;

  @Option(
      names = "--job-jar",
      description = "The job jar to submit (default jobs/target/rateflow-jobs-*-job.jar).")
  Path jobJar;

  @Override
  public Integer call() throws Exception {
    if (fresh && fromSavepoint != null) {
      return fail("--fresh and --from-savepoint exclude each other: choose one");
    }
    RatingConfig rc = RatingConfig.load(config);
    if (!skipKafkaCheck) {
      Optional<String> problem = KafkaPreflight.problem(rc);
      if (problem.isPresent()) {
        return fail(problem.get());
      }
    }
    return flink != null ? submit(rc) : runLocally(rc);
  }

  private int submit(RatingConfig rc) throws Exception {
    String[] hp = flink.split(":");
    if (hp.length != 2 || !hp[1].matches("\\d+")) {
      return fail("--flink must be HOST:PORT, got '" + flink + "'");
    }
    Path jar = jobJar != null ? jobJar : findJobJar();
    Configuration conf = RatingJob.flinkConfiguration(rc, checkpoints);
    if (fromSavepoint != null) {
      restoreFrom(conf, fromSavepoint);
      System.out.println("resuming from " + fromSavepoint);
    } else {
      System.out.println("starting fresh (on a cluster, pass --from-savepoint PATH to resume)");
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            hp[0], Integer.parseInt(hp[1]), conf, jar.toString());
    env.setParallelism(parallelism);
    new RatingJob(rc).build(env);
    JobClient job = env.executeAsync("rateflow-rating");
    System.out.printf(
        "submitted job %s to %s (%s); stop it with: ./rateflow stop --flink %s --job %s%n",
        job.getJobID(), flink, jar, flink, job.getJobID());
    return 0;
  }

  private int runLocally(RatingConfig rc) throws Exception {
    Path cpDir =
        Files.createDirectories(
            checkpoints != null
                ? LocalPaths.of(checkpoints)
                : Home.work("run").resolve("checkpoints").toAbsolutePath());
    // Unknown when the Kafka check is skipped: then nothing is recorded and nothing refused.
    Optional<StateOrigin> origin = skipKafkaCheck ? Optional.empty() : KafkaPreflight.origin(rc);
    Configuration conf = RatingJob.flinkConfiguration(rc, cpDir.toUri().toString());
    if (fromSavepoint != null) {
      restoreFrom(conf, fromSavepoint);
      System.out.println("resuming from " + fromSavepoint + " (--from-savepoint)");
    } else if (fresh) {
      System.out.println(
          "starting fresh (--fresh): no state; older checkpoints in "
              + cpDir
              + " are removed after the first new one");
    } else {
      Optional<RestorePoint> latest =
          RestorePoint.latest(
              cpDir, RunFile.savepoints(), RunFile.lastSavepoint().stream().toArray(Path[]::new));
      if (latest.isPresent()) {
        Optional<String> foreign =
            origin.flatMap(
                now ->
                    StateOrigin.mismatch(
                        StateOrigin.of(latest.get().dir()), now, latest.get().dir()));
        if (foreign.isPresent()) {
          return fail(foreign.get());
        }
        restoreFrom(conf, latest.get().dir().toString());
        System.out.println(
            "resuming from "
                + latest.get().dir()
                + " ("
                + latest.get().kind()
                + " of "
                + latest.get().completed()
                + ")");
      } else {
        System.out.println(
            "starting fresh: no retained checkpoint in "
                + cpDir
                + " and no savepoint in "
                + RunFile.savepoints());
      }
    }
    int port = LocalFlink.freePort();
    StreamExecutionEnvironment env = LocalFlink.environment(conf, parallelism, port);
    new RatingJob(rc).build(env);
    JobClient job = env.executeAsync("rateflow-rating");
    RunFile runFile =
        new RunFile(port, job.getJobID().toHexString(), ProcessHandle.current().pid());
    runFile.write();
    if (origin.isPresent()) {
      // this job's checkpoints are of this cluster, and so is the savepoint 'stop' takes of it
      origin.get().writeTo(cpDir.resolve(job.getJobID().toHexString()));
      origin.get().writeTo(RunFile.dir());
    }
    // Ctrl-C: cancel, so the sinks abort their open transactions; the checkpoints stay (retained on
    // cancellation). A kill -9 leaves the same checkpoints; the next start aborts what was left
    // open.
    Thread hook =
        new Thread(
            () -> {
              try {
                if (!job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
                  job.cancel().get(10, TimeUnit.SECONDS);
                }
              } catch (Exception e) {
                // the JVM is going down either way; the retained checkpoint is what the next run
                // resumes from
              }
              runFile.delete();
            },
            "rateflow-run-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.printf(
        "rating %s -> %s on a local MiniCluster, job %s; web UI http://127.0.0.1:%d;"
            + " Ctrl-C stops (resumable), './rateflow stop' stops with a savepoint%n",
        rc.eventsTopic(), rc.chargesTopic(), job.getJobID(), port);

    Ended ended = awaitEnd(job, cpDir);
    runFile.delete();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    switch (ended.status()) {
      case FINISHED -> {
        System.out.println(
            "job stopped with a savepoint; the next './rateflow run' resumes from it");
        return 0;
      }
      case CANCELED -> {
        System.out.println(
            "job cancelled; the next './rateflow run' resumes from its last retained checkpoint");
        return 0;
      }
      default -> {
        return fail(
            "the job failed (after at most "
                + RatingJob.RESTART_ATTEMPTS
                + " restart attempts): "
                + ended.cause()
                + " (the log in .rateflow/logs has the details; the next run resumes from the last retained checkpoint in "
                + cpDir
                + ")");
      }
    }
  }

  /** How a local job ended, and why when it failed. */
  private record Ended(JobStatus status, String cause) {}

  /**
   * Waits for the job to end; once it has completed its first checkpoint, removes the checkpoint
   * directories of earlier jobs (restores are NO_CLAIM: Flink never deletes what a job started
   * from). Only the result future is asked: a job that ended takes its MiniCluster with it, so its
   * status can no longer be queried.
   */
  private static Ended awaitEnd(JobClient job, Path cpDir) throws InterruptedException {
    String jobId = job.getJobID().toHexString();
    CompletableFuture<?> result = job.getJobExecutionResult();
    boolean pruned = false;
    while (true) {
      try {
        result.get(1, TimeUnit.SECONDS);
        return new Ended(JobStatus.FINISHED, null);
      } catch (TimeoutException e) {
        if (!pruned && !RestorePoint.checkpoints(cpDir, jobId).isEmpty()) {
          int removed = RestorePoint.pruneOtherJobs(cpDir, jobId);
          pruned = true;
          if (removed > 0) {
            System.out.printf(
                "first checkpoint of this job completed; removed the checkpoints of %d earlier job(s)%n",
                removed);
          }
        }
      } catch (ExecutionException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t.getClass().getSimpleName().equals("JobCancellationException")) {
            return new Ended(JobStatus.CANCELED, null);
          }
        }
        return new Ended(JobStatus.FAILED, rootMessage(e));
      }
    }
  }

  private static void restoreFrom(Configuration conf, String path) {
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
    // NO_CLAIM: Flink neither deletes nor depends on the snapshot after its first (full)
    // checkpoint.
    conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
  }

  /** The innermost cause, as one line: what a user can act on. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static int fail(String message) {
    System.err.println("rateflow run: " + message);
    return 1;
  }

  private static Path findJobJar() throws Exception {
    try (var s = Files.list(Home.dir().resolve("jobs/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no job jar in jobs/target: run 'mvn -pl jobs -am package'"));
    }
  }
}

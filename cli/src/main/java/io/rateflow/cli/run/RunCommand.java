package io.rateflow.cli.run;

import io.rateflow.cli.Home;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rateflow run}: the rating job against an existing Kafka, here or on a Flink cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the rating job against an existing Kafka cluster: bootstrap servers, topic names",
        "and security settings come from a properties file (see the README's configuration reference).",
        "Without --flink it runs on a local MiniCluster until interrupted; with --flink HOST:PORT it",
        "submits the job jar to that cluster's REST endpoint and returns."})
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The rateflow.properties file.")
  Path config;

  @Option(names = "--flink", description = "REST endpoint of a Flink cluster, HOST:PORT.")
  String flink;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--checkpoints", description = "Checkpoint directory URI for local runs (default .rateflow/run/checkpoints).")
  String checkpoints;

  @Option(names = "--job-jar", description = "The job jar to submit (default jobs/target/rateflow-jobs-*-job.jar).")
  Path jobJar;

  @Override
  public Integer call() throws Exception {
    RatingConfig rc = RatingConfig.load(config);
    if (flink != null) {
      String[] hp = flink.split(":");
      Path jar = jobJar != null ? jobJar : findJobJar();
      Configuration conf = RatingJob.flinkConfiguration(rc, checkpoints);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
          hp[0], Integer.parseInt(hp[1]), conf, jar.toString());
      env.setParallelism(parallelism);
      new RatingJob(rc).build(env);
      JobClient job = env.executeAsync("rateflow-rating");
      System.out.printf("submitted job %s to %s (%s)%n", job.getJobID(), flink, jar);
      return 0;
    }
    String cp = checkpoints != null ? checkpoints
        : Files.createDirectories(Home.work("run").resolve("checkpoints")).toAbsolutePath().toUri().toString();
    int port = LocalFlink.freePort();
    StreamExecutionEnvironment env = LocalFlink.environment(RatingJob.flinkConfiguration(rc, cp), parallelism, port);
    new RatingJob(rc).build(env);
    System.out.printf("rating %s -> %s on a local MiniCluster; web UI http://127.0.0.1:%d; Ctrl-C stops%n",
        rc.eventsTopic(), rc.chargesTopic(), port);
    env.execute("rateflow-rating");
    return 0;
  }

  private static Path findJobJar() throws Exception {
    try (var s = Files.list(Home.dir().resolve("jobs/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no job jar in jobs/target: run 'mvn -pl jobs -am package'"));
    }
  }
}

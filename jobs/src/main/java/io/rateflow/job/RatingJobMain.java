package io.rateflow.job;

import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar on a Flink cluster ({@code flink run}, the Kubernetes operator):
 * {@code --config rateflow.properties}. Checkpoint storage comes from the cluster's configuration.
 */
public final class RatingJobMain {
  private RatingJobMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: RatingJobMain --config rateflow.properties");
      System.exit(2);
    }
    RatingConfig config = RatingConfig.load(Path.of(args[1]));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            RatingJob.flinkConfiguration(config, null));
    new RatingJob(config).build(env);
    env.execute("rateflow-rating");
  }
}

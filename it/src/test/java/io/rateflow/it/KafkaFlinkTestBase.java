package io.rateflow.it;

import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One MiniCluster (2 slots) and one in-process KRaft broker per test class. */
abstract class KafkaFlinkTestBase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /**
   * Checkpoints of the test's job. Not a JUnit temp dir: Flink may still be discarding checkpoints
   * for a moment after a cancel, and a temp dir's deletion would then fail the test.
   */
  Path checkpoints;

  @BeforeEach
  void checkpointDirectory() throws IOException {
    checkpoints =
        Files.createDirectories(Path.of("target", "checkpoints"))
            .resolve(UUID.randomUUID().toString())
            .toAbsolutePath();
  }

  /** The rating job on the MiniCluster at parallelism 1, failing rather than restarting. */
  JobClient startJob(RatingConfig config) throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    return env.executeAsync(config.groupId());
  }
}

package io.rateflow.it;

import io.rateflow.cli.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
}

package io.rateflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.Main;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} does not resume state built against another Kafka cluster: its offsets would point
 * into other data (skipping records) and its balances belong to other accounts' history.
 */
class StateOriginTest {
  @TempDir Path dir;

  @Test
  void anOriginIsFoundInTheSnapshotOrItsParentOnly() throws Exception {
    Path job = dir.resolve("checkpoints/abc");
    Path chk = Files.createDirectories(job.resolve("chk-7"));
    new StateOrigin("cluster-A", "a:9092").writeTo(job);
    assertThat(StateOrigin.of(chk)).contains(new StateOrigin("cluster-A", "a:9092"));

    new StateOrigin("cluster-B", "b:9092").writeTo(dir);
    Path other = Files.createDirectories(dir.resolve("checkpoints/def/chk-1"));
    assertThat(StateOrigin.of(other)).as("two levels up is another run's business").isEmpty();
  }

  @Test
  void theSameClusterResumesAndAnotherIsRefusedWithWhatToDo() {
    StateOrigin a = new StateOrigin("cluster-A", "a:9092");
    assertThat(a.mismatch(new StateOrigin("cluster-A", "other-name:9092"), dir)).isEmpty();
    assertThat(a.mismatch(new StateOrigin("cluster-B", "b:9092"), dir)).hasValueSatisfying(m -> assertThat(m)
        .contains("cluster-A (a:9092)").contains("cluster-B (b:9092)").contains("--fresh").contains("--from-savepoint"));
  }

  @Test
  void runRefusesToResumeACheckpointOfAnotherClusterBeforeStartingAnything() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      RatingConfig config = RatingConfig.defaults(kafka.bootstrapServers());
      TopicLayout.create(kafka, config, 1);
      Path props = Files.writeString(dir.resolve("rateflow.properties"), "bootstrap.servers=" + kafka.bootstrapServers() + "\n");
      Path checkpoints = dir.resolve("cp");
      Path job = checkpoints.resolve("0123456789abcdef0123456789abcdef");
      Files.createDirectories(job.resolve("chk-3"));
      Files.writeString(job.resolve("chk-3/_metadata"), "a checkpoint of another broker");
      new StateOrigin("some-other-cluster", "old-broker:9092").writeTo(job);

      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream console = System.err;
      int code;
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        code = Main.commandLine().execute("run", "--config", props.toString(), "--checkpoints", checkpoints.toString());
      } finally {
        System.setErr(console);
      }

      assertThat(code).isNotZero();
      assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("built against Kafka cluster some-other-cluster (old-broker:9092)")
          .contains("--fresh");
    }
  }
}

package io.rateflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.Main;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} does not resume state built from other Kafka data (another cluster, a topic created
 * again, or unknown): its offsets would point past records it never read, which would be skipped.
 */
class StateOriginTest {
  @TempDir Path dir;

  static final StateOrigin A =
      new StateOrigin("cluster-A", "a:9092", Map.of("activity-events", "id-1", "accounts", "id-2"));

  @Test
  void anOriginIsFoundInTheSnapshotOrItsParentOnlyAndReadBackWhole() throws Exception {
    Path job = dir.resolve("checkpoints/abc");
    Path chk = Files.createDirectories(job.resolve("chk-7"));
    A.writeTo(job);
    assertThat(StateOrigin.of(chk)).contains(A);

    A.writeTo(dir);
    Path other = Files.createDirectories(dir.resolve("checkpoints/def/chk-1"));
    assertThat(StateOrigin.of(other)).as("two levels up is another run's business").isEmpty();
  }

  @Test
  void theSameDataResumesAndOtherOrUnknownDataIsRefusedWithWhatToDo() {
    StateOrigin sameDataOtherAddress =
        new StateOrigin("cluster-A", "other-name:9092", A.inputTopicIds());
    assertThat(StateOrigin.mismatch(Optional.of(A), sameDataOtherAddress, dir)).isEmpty();

    StateOrigin otherCluster = new StateOrigin("cluster-B", "b:9092", A.inputTopicIds());
    assertThat(StateOrigin.mismatch(Optional.of(A), otherCluster, dir))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("cluster-A (a:9092)")
                    .contains("cluster-B (b:9092)")
                    .contains("--fresh")
                    .contains("--from-savepoint"));

    StateOrigin recreated =
        new StateOrigin(
            "cluster-A", "a:9092", Map.of("activity-events", "id-9", "accounts", "id-2"));
    assertThat(StateOrigin.mismatch(Optional.of(A), recreated, dir))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("'activity-events' with id id-1")
                    .contains("deleted and created again")
                    .contains("id-9"));

    assertThat(StateOrigin.mismatch(Optional.empty(), A, dir))
        .hasValueSatisfying(
            m -> assertThat(m).contains("does not record which Kafka data").contains("--fresh"));
  }

  @Test
  void runRefusesStateOfAnotherClusterOrARecreatedTopicBeforeStartingAnything() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      RatingConfig config = RatingConfig.defaults(kafka.bootstrapServers());
      TopicLayout.create(kafka, config, 1);
      Path props =
          Files.writeString(
              dir.resolve("rateflow.properties"),
              "bootstrap.servers=" + kafka.bootstrapServers() + "\n");
      Path checkpoints = dir.resolve("cp");
      Path job = checkpoints.resolve("0123456789abcdef0123456789abcdef");
      Files.createDirectories(job.resolve("chk-3"));
      Files.writeString(job.resolve("chk-3/_metadata"), "a checkpoint of other data");

      new StateOrigin("some-other-cluster", "old-broker:9092", Map.of()).writeTo(job);
      assertThat(run(props, checkpoints))
          .contains("built against Kafka cluster some-other-cluster (old-broker:9092)")
          .contains("--fresh");

      // the same cluster, but the events topic deleted and created again since the checkpoint
      StateOrigin now = KafkaPreflight.origin(config).orElseThrow();
      now.writeTo(job);
      try (var admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.deleteTopics(List.of(config.eventsTopic())).all().get(30, TimeUnit.SECONDS);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            admin.listTopics().names().get().contains(config.eventsTopic())
                && System.nanoTime() < deadline; ) {
          Thread.sleep(100);
        }
      }
      kafka.createTopics(Map.of(config.eventsTopic(), 1));
      assertThat(
              KafkaPreflight.origin(config).orElseThrow().inputTopicIds().get(config.eventsTopic()))
          .isNotEqualTo(now.inputTopicIds().get(config.eventsTopic()));
      assertThat(run(props, checkpoints))
          .contains("'" + config.eventsTopic() + "'")
          .contains("deleted and created again");
    }
  }

  /** What {@code run} printed on stderr when it refused (it must refuse: a non-zero exit). */
  private static String run(Path props, Path checkpoints) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream console = System.err;
    int code;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      code =
          Main.commandLine()
              .execute(
                  "run", "--config", props.toString(), "--checkpoints", checkpoints.toString());
    } finally {
      System.setErr(console);
    }
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isNotZero();
    return err.toString(StandardCharsets.UTF_8);
  }
}

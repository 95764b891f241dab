package io.rateflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code run} fails fast with one line when Kafka or a topic is not there. */
class KafkaPreflightTest {
  @Test
  void anUnreachableClusterIsReportedWithinThirtySeconds() {
    String nobody = "127.0.0.1:" + LocalFlink.freePort();
    long start = System.nanoTime();
    Optional<String> problem = KafkaPreflight.problem(RatingConfig.defaults(nobody));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(problem)
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("cannot reach Kafka at " + nobody).doesNotContain("\n"));
  }

  @Test
  void aMissingTopicIsNamedWithItsKeyAndEveryTopicPresentPasses() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      RatingConfig config = RatingConfig.defaults(kafka.bootstrapServers());
      TopicLayout.create(kafka, config, 1);
      assertThat(KafkaPreflight.problem(config)).isEmpty();

      Optional<String> problem =
          KafkaPreflight.problem(config.toBuilder().chargesTopic("no-such-charges").build());
      assertThat(problem)
          .hasValueSatisfying(
              p ->
                  assertThat(p)
                      .startsWith(
                          "topic 'no-such-charges' (topic.charges) does not exist on "
                              + kafka.bootstrapServers())
                      .contains("rateflow topics create --config"));
    }
  }
}

package io.rateflow.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.kafka.Topics;
import io.rateflow.schema.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rules publish} of the real catalogue (rule sets, promotions, chart of accounts and the
 * JSON Schema, in subdirectories) on a real broker: each kind the rules topic carries is published
 * as its own kind, the schema is skipped and said so, and a second publish changes nothing.
 */
class RulesPublishTest {
  private static final Path RULES = Path.of("..", "pricing-rules").toAbsolutePath().normalize();
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("pricing-rules", 1));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private record Run(int code, String out) {}

  private Run publish() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code =
          new CommandLine(new RulesCommand())
              .execute(
                  "publish",
                  dir.toString(),
                  "--bootstrap",
                  kafka.bootstrapServers(),
                  "--by",
                  "test");
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void publishesEachKindTheTopicCarriesSkipsTheSchemaAndThenChangesNothing() throws Exception {
    for (String sub : List.of("examples", "promotions", "chart-of-accounts")) {
      copy(RULES.resolve(sub), dir.resolve(sub));
    }
    Files.copy(RULES.resolve("rule-set.schema.json"), dir.resolve("rule-set.schema.json"));

    Run first = publish();

    assertThat(first.code()).as(first.out()).isZero();
    assertThat(first.out())
        .contains(
            "skipped   "
                + dir.resolve("rule-set.schema.json")
                + ": a JSON Schema; the rules topic carries no such document")
        .contains("new       chart of accounts rateflow-gl v1")
        .contains("new       promotions welcome v1")
        .contains("new       rule set public-usd v1")
        .contains("published 9 version(s) to pricing-rules");
    // commitTransaction returns before the markers reach every partition: wait for the stable
    // offset
    List<PricingRule> committed = onTopic();
    for (long deadline = System.nanoTime() + 30_000_000_000L;
        committed.size() < 9 && System.nanoTime() < deadline; ) {
      Thread.sleep(100);
      committed = onTopic();
    }
    Map<RuleKind, List<String>> onTopic =
        committed.stream()
            .collect(
                Collectors.groupingBy(
                    PricingRule::getKind,
                    Collectors.mapping(
                        r -> r.getRuleSetId() + "@" + r.getVersion(), Collectors.toList())));
    assertThat(onTopic.get(RuleKind.PRICING)).hasSize(5);
    assertThat(onTopic.get(RuleKind.PROMOTION))
        .containsExactlyInAnyOrder("heavy-usage-coupon@1", "top-up-bonus@1", "welcome@1");
    assertThat(onTopic.get(RuleKind.CHART_OF_ACCOUNTS)).containsExactly("rateflow-gl@1");

    Run again = publish();
    assertThat(again.code()).as(again.out()).isZero();
    assertThat(again.out())
        .contains("unchanged promotions welcome v1")
        .contains("nothing to publish");

    // A promotion document has no version of its own: a changed file is its next version.
    Files.writeString(
        dir.resolve("promotions/welcome.yaml"),
        "# changed\n",
        java.nio.file.StandardOpenOption.APPEND);
    Run changed = publish();
    assertThat(changed.code()).as(changed.out()).isZero();
    assertThat(changed.out())
        .contains("new       promotions welcome v2")
        .contains("published 1 version(s)");
  }

  private static List<PricingRule> onTopic() throws IOException {
    AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
    List<PricingRule> out = new ArrayList<>();
    for (byte[] value :
        Topics.at(kafka.bootstrapServers())
            .readAll("pricing-rules", new ByteArrayDeserializer(), Duration.ofSeconds(30))) {
      out.add(codec.decode(value));
    }
    return out;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}

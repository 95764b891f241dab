package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo's catalogue must always be valid: the demo publishes it as is. */
class ExampleRulesTest {
  static final List<String> DEMO_METERS =
      List.of(
          "api_calls",
          "storage_gb",
          "compute_minutes",
          "payments",
          "data_transfer_gb",
          "sms",
          "active_users");

  static Stream<Path> examples() {
    return RuleFiles.list(Fixtures.rulesDir().resolve("examples")).stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void parses(Path file) throws Exception {
    RuleSet rules = RuleFiles.parse(file);
    assertThat(rules.id() + ".yaml").isEqualTo(file.getFileName().toString());
    assertThat(rules.version()).isEqualTo(1);
    assertThat(rules.effectiveFrom()).isEqualTo(Fixtures.JAN_1);
    assertThat(DEMO_METERS).containsAll(rules.meters());
  }

  @Test
  void publicListsPriceEveryDemoMeter() throws Exception {
    for (String id : List.of("public-usd", "public-eur", "public-jpy")) {
      RuleSet rules =
          RuleFiles.parse(Fixtures.rulesDir().resolve("examples").resolve(id + ".yaml"));
      assertThat(rules.meters()).as(id).containsExactlyInAnyOrderElementsOf(DEMO_METERS);
    }
  }
}

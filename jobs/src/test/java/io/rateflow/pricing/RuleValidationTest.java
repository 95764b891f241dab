package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of docs/invalid-rules is rejected with exactly the problems its {@code # expect:}
 * lines state, so the documented messages and line numbers cannot drift.
 */
class RuleValidationTest {
  private static final String EXPECT = "# expect: ";

  static Stream<Path> invalidFiles() {
    return RuleFiles.list(Fixtures.rulesDir().resolveSibling("docs").resolve("invalid-rules"))
        .stream();
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void rejectedWithExactlyTheExpectedProblems(Path file) throws Exception {
    String text = Files.readString(file);
    List<String> expected =
        text.lines()
            .filter(l -> l.startsWith(EXPECT))
            .map(l -> l.substring(EXPECT.length()))
            .toList();
    assertThat(expected).as("%s states what it expects", file.getFileName()).isNotEmpty();

    RuleValidationException e =
        catchThrowableOfType(
            RuleValidationException.class,
            () -> RuleParser.parse(text, file.getFileName().toString()));
    assertThat(e).as("%s must be rejected", file.getFileName()).isNotNull();
    assertThat(e.problems()).containsExactlyElementsOf(expected);
  }

  @Test
  void jsonIsAcceptedBecauseItIsYaml() throws Exception {
    RuleSet rules =
        RuleParser.parse(
            """
                {"id": "json", "version": 3, "effective_from": "2026-01-01T00:00:00Z", "currency": "EUR",
                 "meters": {"calls": {"unit": "call", "aggregation": "sum",
                                      "price": {"model": "per_unit", "unit_price": "0.01"}}}}
                """,
            "json.json");
    assertThat(rules.version()).isEqualTo(3);
    assertThat(rules.prices("calls")).isTrue();
  }

  @Test
  void anEmptyDocumentSaysWhatARuleSetNeeds() {
    assertThatThrownBy(() -> RuleParser.parse("# nothing\n", "empty.yaml"))
        .isInstanceOf(RuleValidationException.class)
        .hasMessage(
            "empty.yaml:1: the document is empty; a rule set needs id, version, effective_from, "
                + "currency and meters");
  }

  @Test
  void theDocumentIsKeptAsWritten() throws Exception {
    String text = Files.readString(Fixtures.rulesDir().resolve("examples/public-usd.yaml"));
    assertThat(RuleParser.parse(text, "public-usd.yaml").document()).isEqualTo(text);
  }
}

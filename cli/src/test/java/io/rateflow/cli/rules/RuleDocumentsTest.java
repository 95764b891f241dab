package io.rateflow.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code rules validate} over the real {@code pricing-rules/} directory: each document is
 * recognised as what it is and checked by its own parser; the JSON Schema is skipped; every invalid
 * example is rejected with the reason its {@code # expect:} lines give.
 */
class RuleDocumentsTest {
  private static final Path RULES = Path.of("..", "pricing-rules").toAbsolutePath().normalize();

  /** The deliberately broken examples live outside the rules tree, so that validating it passes. */
  private static final Path INVALID =
      Path.of("..", "docs", "invalid-rules").toAbsolutePath().normalize();

  private static final String EXPECT = "# expect: ";

  private record Run(int code, String out) {}

  private static Run validate(Path path) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new RulesCommand()).execute("validate", path.toString());
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  /** The report line of one file: verdict, kind, path. */
  private static Pattern line(String verdict, String kind, Path file) {
    return Pattern.compile(
        "(?m)^"
            + Pattern.quote(verdict)
            + " +"
            + Pattern.quote(kind)
            + " +"
            + Pattern.quote(file.toString())
            + "(:|$)");
  }

  @Test
  void everyDocumentOutsideInvalidIsRecognisedAndValid() {
    for (String dir : List.of("examples", "promotions", "chart-of-accounts")) {
      Run r = validate(RULES.resolve(dir));
      assertThat(r.code()).as(r.out()).isZero();
    }
    Run examples = validate(RULES.resolve("examples"));
    assertThat(examples.out())
        .containsPattern(line("ok", "rule set", RULES.resolve("examples/public-usd.yaml")));
    Run promotions = validate(RULES.resolve("promotions"));
    assertThat(promotions.out())
        .containsPattern(line("ok", "promotions", RULES.resolve("promotions/welcome.yaml")))
        .contains("welcome, 2 promotion(s): welcome-api-calls, welcome-storage");
    Run chart = validate(RULES.resolve("chart-of-accounts"));
    assertThat(chart.out())
        .containsPattern(
            line("ok", "chart of accounts", RULES.resolve("chart-of-accounts/rateflow-gl.yaml")))
        .contains("rateflow-gl v1, effective 2026-01-01T00:00:00Z");
  }

  @Test
  void theWholeDirectorySaysPerFileWhatItIsSkipsTheSchemaAndPasses() {
    Run r = validate(RULES);

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .containsPattern(line("skipped", "JSON Schema", RULES.resolve("rule-set.schema.json")));
    List<Path> files = RuleDocuments.list(RULES);
    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      if (!file.getFileName().toString().endsWith(".schema.json")) {
        assertThat(r.out())
            .as(file.toString())
            .containsPattern(
                Pattern.compile("(?m)^ok +[a-z ]+ +" + Pattern.quote(file.toString()) + ": "));
      }
    }
    assertThat(r.out()).doesNotContainPattern("(?m)^(ok|INVALID) .*\\.schema\\.json");
  }

  @Test
  void everyInvalidExampleIsRejectedWithTheReasonsItNames() throws IOException {
    Run r = validate(INVALID);

    assertThat(r.code()).as("the invalid examples are invalid").isEqualTo(1);
    List<Path> files = RuleDocuments.list(INVALID);
    assertThat(files).hasSizeGreaterThan(15);
    for (Path file : files) {
      assertThat(r.out())
          .containsPattern(
              Pattern.compile("(?m)^INVALID +rule set +" + Pattern.quote(file.toString()) + "$"));
      List<String> expected =
          Files.readAllLines(file).stream()
              .filter(l -> l.startsWith(EXPECT))
              .map(l -> l.substring(EXPECT.length()))
              .toList();
      assertThat(expected).as(file + " says what it expects").isNotEmpty();
      for (String reason : expected) {
        assertThat(r.out()).as(file.toString()).contains("  " + file.getParent() + "/" + reason);
      }
    }
  }

  @Test
  void theSchemaAloneIsNoRuleDocument() {
    Run r = validate(RULES.resolve("rule-set.schema.json"));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("skipped  JSON Schema")
        .contains("no rule documents, only files that are skipped");
  }

  @Test
  void kindsAreToldByTopLevelKeysEvenWhenTheYamlIsBroken() {
    assertThat(DocumentKind.of(Path.of("x.yaml"), "promotions:\n  - id: a\n    when: [\n"))
        .isEqualTo(DocumentKind.PROMOTIONS);
    assertThat(DocumentKind.of(Path.of("x.yaml"), "id: gl\nlegal_entities: [\n"))
        .isEqualTo(DocumentKind.CHART_OF_ACCOUNTS);
    assertThat(
            DocumentKind.of(
                Path.of("x.yaml"), "id: usd\ncurrency: USD\nmeters: {}\npromotions: []\n"))
        .isEqualTo(DocumentKind.RULE_SET);
    assertThat(
            DocumentKind.of(
                Path.of("x.json"),
                "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}"))
        .isEqualTo(DocumentKind.JSON_SCHEMA);
    assertThat(DocumentKind.of(Path.of("x.yaml"), ": not yaml at all"))
        .isEqualTo(DocumentKind.RULE_SET);
  }
}

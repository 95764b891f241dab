package io.rateflow.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rateflow.balances.promotions.PromotionDocumentException;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ChartValidationException;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleValidationException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents built to hurt the parser (too large, alias bombs, deep nesting) are refused by every
 * parse entry point with its own validation exception and a {@code file:line: reason} problem,
 * never with a YAMLException, an Error, or minutes of work.
 */
class HostileDocumentsTest {

  /** Each parser as "document in, problems out": empty when the document was accepted. */
  static Stream<Arguments> parsers() {
    Function<String, List<String>> rules = doc -> problems(() -> RuleParser.parse(doc, "r.yaml"));
    Function<String, List<String>> promotions =
        doc -> problems(() -> PromotionDocuments.parse("p.yaml", doc));
    Function<String, List<String>> charts =
        doc -> problems(() -> ChartOfAccountsParser.parse("c.yaml", doc));
    return Stream.of(
        Arguments.of("rules", rules),
        Arguments.of("promotions", promotions),
        Arguments.of("charts", charts));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void aFiftyMegabyteOneStringDocumentIsRefusedBeforeParsingWithTheCap(
      String name, Function<String, List<String>> parse) {
    String huge = "x".repeat(50 * 1024 * 1024);
    assertThat(parse.apply(huge))
        .singleElement()
        .asString()
        .endsWith(
            ":1: the "
                + (name.equals("rules")
                    ? "rule document"
                    : name.equals("promotions") ? "promotion document" : "chart of accounts")
                + " has 52,428,800 characters; at most 262,144 (256 KiB) are accepted: split it into several documents");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void aDocumentJustUnderTheCapIsParsedAndJudgedOnItsContent(
      String name, Function<String, List<String>> parse) {
    // one plain scalar as long as the cap allows: the case that was quadratic in SnakeYAML's reader
    String longest = "x".repeat(BoundedYaml.MAX_DOCUMENT_CHARS);
    assertThat(parse.apply(longest))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).doesNotContain("characters;"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void anAliasBombIsRefused(String name, Function<String, List<String>> parse) {
    StringBuilder doc =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      doc.append('a').append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        doc.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      doc.append("]\n");
    }
    assertThat(parse.apply(doc.toString()))
        .singleElement()
        .asString()
        .matches("[rpc]\\.yaml:1: not valid YAML: .*aliases.*")
        .contains("at most 20 aliases of mappings or lists are accepted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void deepNestingIsRefusedInBlockAndFlowStyle(String name, Function<String, List<String>> parse) {
    StringBuilder block = new StringBuilder();
    for (int depth = 0; depth < 200; depth++) {
      block.append("  ".repeat(depth)).append("k:\n");
    }
    String flow = "[".repeat(100_000) + "]".repeat(100_000);
    for (String doc : List.of(block.toString(), flow)) {
      assertThat(parse.apply(doc))
          .singleElement()
          .asString()
          .matches("[rpc]\\.yaml:\\d+: not valid YAML: .*")
          .contains("at most 32 levels of mappings and lists are accepted");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void binaryGarbageIsAProblemWithALine(String name, Function<String, List<String>> parse) {
    java.util.Random random = new java.util.Random(9);
    for (int i = 0; i < 300; i++) {
      char[] chars = new char[random.nextInt(200)];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = (char) random.nextInt(i % 2 == 0 ? 128 : 0x10000);
      }
      assertThat(parse.apply(new String(chars)))
          .as("case %d", i)
          .allSatisfy(p -> assertThat(p).matches("(?s)[rpc]\\.yaml:\\d+: .+"));
    }
  }

  interface Parse {
    void run() throws Exception;
  }

  private static List<String> problems(Parse parse) {
    Throwable thrown = catchThrowable(parse::run);
    if (thrown == null) {
      return List.of();
    }
    if (thrown instanceof RuleValidationException e) {
      return e.problems();
    }
    if (thrown instanceof PromotionDocumentException e) {
      return e.problems();
    }
    if (thrown instanceof ChartValidationException e) {
      return e.problems();
    }
    throw new AssertionError(
        "the parser threw " + thrown + " instead of its validation exception", thrown);
  }
}

package io.rateflow.balances.promotions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples parse; every invalid document gets exact {@code file:line: reason} messages.
 */
class PromotionDocumentsTest {

  /** Surefire runs in the module directory; the rules live at the repository root. */
  static final Path EXAMPLES = Path.of("..", "pricing-rules", "promotions");

  @Test
  void shippedExamplesParse() throws Exception {
    PromotionBook book = PromotionDocuments.loadDirectory(EXAMPLES);

    assertThat(book.rules())
        .extracting(PromotionRule::id)
        .containsExactly(
            "scale-up-offer", "top-up-bonus-50", "welcome-api-calls", "welcome-storage");
    PromotionRule bonus = book.rules().get(1);
    assertThat(bonus.trigger()).isEqualTo(PromotionTrigger.TOP_UP);
    assertThat(bonus.minTopUpMinor()).isEqualTo(5000);
    assertThat(bonus.grant()).isEqualTo(new GrantSpec(0, 10, 20, Duration.ofDays(90)));
    assertThat(bonus.location()).isEqualTo("top-up-bonus.yaml:4");
    PromotionRule offer = book.rules().get(0);
    assertThat(offer.threshold()).isEqualByComparingTo(new BigDecimal("100000"));
    assertThat(offer.offer().coupon()).isEqualTo("SCALE20");
    assertThat(book.rules().get(3).grant().priority()).isEqualTo(50); // the default
  }

  @Test
  void everyProblemOfADocumentIsReportedWithItsLine() {
    String yaml =
        """
                promotions:
                  - id: Welcome
                    when: first-use
                    meter: api_calls
                    currency: EURO
                    grant:
                      amountMinor: 5.00
                      expiresAfter: 30 days
                      amout: 3
                  - id: bonus
                    when: topup
                    offer:
                      message: hi
                """;

    assertThat(problems("bad.yaml", yaml))
        .containsExactly(
            "bad.yaml:2: promotion 1: id 'Welcome' must be lower-case letters, digits, '.', '_' or '-'",
            "bad.yaml:5: promotion 1: unknown currency 'EURO'; expected an ISO-4217 code such as USD, EUR or JPY",
            "bad.yaml:7: promotion 1 grant: amountMinor '5.00' is not a whole number of minor units"
                + " (e.g. 500 for 5.00)",
            "bad.yaml:8: promotion 1 grant: expiresAfter '30 days' is not an ISO-8601 duration such as P30D"
                + " or PT12H",
            "bad.yaml:9: promotion 1 grant: unknown key 'amout'; expected one of amountMinor, percentOfTopUp,"
                + " priority, expiresAfter",
            "bad.yaml:11: promotion 2: unknown trigger 'topup'; expected one of first-use, top-up, usage-above",
            "bad.yaml:12: promotion 2 offer: missing required key 'coupon': the coupon code to offer");
  }

  @Test
  void missingKeysAreReportedAtTheRule() {
    assertThat(problems("m.yaml", "promotions:\n  - meter: api_calls\n"))
        .containsExactly(
            "m.yaml:2: promotion 1: missing required key 'id': every rule needs a unique id",
            "m.yaml:2: promotion 1: missing required key 'when': one of first-use, top-up, usage-above",
            "m.yaml:2: promotion 1: a rule needs a grant, an offer or both");
  }

  @Test
  void ruleShapeIsCheckedPerTrigger() {
    String yaml =
        """
                promotions:
                  - id: w
                    when: first-use
                    meter: api_calls
                    threshold: 10
                    currency: EUR
                    grant: {percentOfTopUp: 10}
                  - id: t
                    when: top-up
                    minTopUpMinor: 0
                    meter: api_calls
                    grant: {amountMinor: 100, percentOfTopUp: 5}
                  - id: u
                    when: usage-above
                    meter: api_calls
                    threshold: lots
                    validFrom: 2026-02-01T00:00:00Z
                    validUntil: 2026-01-01T00:00:00Z
                    offer: {coupon: X}
                """;

    assertThat(problems("s.yaml", yaml))
        .containsExactly(
            "s.yaml:5: promotion 1: threshold is not allowed here: only usage-above rules have a threshold",
            "s.yaml:7: promotion 1 grant: percentOfTopUp only makes sense for a top-up rule; use amountMinor",
            "s.yaml:8: promotion 2: missing required key 'currency': the currency of the top-up and the bonus",
            "s.yaml:10: promotion 2: minTopUpMinor must be at least 1, got 0",
            "s.yaml:11: promotion 2: meter is not allowed here: a top-up rule is not about a meter",
            "s.yaml:12: promotion 2 grant: give exactly one of amountMinor or percentOfTopUp",
            "s.yaml:16: promotion 3: threshold 'lots' is not a decimal number",
            "s.yaml:18: promotion 3: validUntil 2026-01-01T00:00:00Z must be after validFrom"
                + " 2026-02-01T00:00:00Z");
  }

  @Test
  void duplicateIdsInOneFile() {
    String yaml =
        """
                promotions:
                  - id: x
                    when: first-use
                    meter: a
                    offer: {coupon: A}
                  - id: x
                    when: first-use
                    meter: b
                    offer: {coupon: B}
                """;

    assertThat(problems("d.yaml", yaml))
        .containsExactly(
            "d.yaml:6: promotion 2: duplicate promotion id 'x' (first defined at"
                + " d.yaml:2); ids must be unique because they name the grants and offers");
  }

  @Test
  void duplicateIdsAcrossFiles(@TempDir Path dir) throws Exception {
    String rule =
        "promotions:\n  - id: x\n    when: first-use\n    meter: a\n    offer: {coupon: A}\n";
    Files.writeString(dir.resolve("a.yaml"), rule);
    Files.writeString(dir.resolve("b.yaml"), rule);
    Files.writeString(dir.resolve("notes.txt"), "not a rule");

    PromotionDocumentException e =
        catchThrowableOfType(
            PromotionDocumentException.class, () -> PromotionDocuments.loadDirectory(dir));

    assertThat(e.problems())
        .containsExactly(
            "b.yaml:2: duplicate promotion id 'x' (first defined at a.yaml:2);"
                + " ids must be unique because they name the grants and offers");
  }

  @Test
  void documentShapeAndSyntax() throws Exception {
    assertThat(problems("e.yaml", ""))
        .containsExactly("e.yaml:1: empty document; expected a top-level 'promotions:' list");
    assertThat(problems("r.yaml", "rules:\n  - id: x\n"))
        .containsExactly(
            "r.yaml:1: unknown key 'rules'; expected one of promotions",
            "r.yaml:1: missing required key 'promotions': the list of promotion rules ('- id: ...')");
    assertThat(PromotionDocuments.parse("n.yaml", "promotions: []\n"))
        .as("every promotion switched off")
        .isEmpty();
    assertThat(problems("l.yaml", "promotions: 3\n"))
        .containsExactly("l.yaml:1: promotions must be a non-empty list of rules ('- id: ...')");
    assertThat(problems("y.yaml", "promotions:\n  - id: x\n    when: [first-use\n"))
        .singleElement()
        .asString()
        .startsWith("y.yaml:4: not valid YAML: ");
  }

  private static List<String> problems(String file, String yaml) {
    PromotionDocumentException e =
        catchThrowableOfType(
            PromotionDocumentException.class, () -> PromotionDocuments.parse(file, yaml));
    assertThat(e).as("expected %s to be invalid", file).isNotNull();
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    return e.problems();
  }
}

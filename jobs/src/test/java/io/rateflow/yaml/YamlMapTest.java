package io.rateflow.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The one YAML reader of rules, promotions and charts: typed values, and every problem with its
 * path and line.
 */
class YamlMapTest {
  private final YamlProblems problems = new YamlProblems("t.yaml");

  private YamlMap read(String yaml, String where, List<String> allowed) {
    Node root = problems.compose(yaml, "test document");
    return YamlMap.read(root, root, where, problems, allowed);
  }

  @Test
  void readsTypedValuesAsWritten() {
    YamlMap m =
        read(
            """
        code: 0120
        price: 0.023
        count: 10_000
        minor: 500
        at: 2026-01-01T01:00:00+01:00
        keep: P30D
        currency: EUR
        zone: Europe/Berlin
        when: top-up
        names: [a, b]
        """,
            "thing",
            null);

    assertThat(m.string("code", true)).isEqualTo("0120");
    assertThat(m.decimal("price", true)).isEqualByComparingTo("0.023");
    assertThat(m.integer("count", true)).isEqualTo(10_000L);
    assertThat(m.minorUnits("minor", true, 1)).isEqualTo(500L);
    assertThat(m.instant("at", true)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(m.duration("keep", true)).isEqualTo(Duration.ofDays(30));
    assertThat(m.currency("currency", true)).isEqualTo(Currency.getInstance("EUR"));
    assertThat(m.zone("zone", true)).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(m.choice("when", true, "trigger", List.of("first-use", "top-up"), s -> s))
        .isEqualTo("top-up");
    assertThat(m.strings("names")).containsExactly("a", "b");
    assertThat(m.string("absent", false)).isNull();
    assertThat(m.hasProblems()).isFalse();
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void reportsEveryProblemWithPathAndLineInDocumentOrder() {
    YamlMap m =
        read(
            """
        price: cheap
        count: 1.5
        minor: 5.00
        at: tomorrow
        keep: -P1D
        currency: EURO
        zone: Mars/Olympus_Mons
        when: topup
        big: 1e-99
        low: 0
        amuont: 3
        """,
            "promotion 1",
            List.of(
                "price",
                "count",
                "minor",
                "at",
                "keep",
                "currency",
                "zone",
                "when",
                "big",
                "low",
                "amount"));

    m.decimal("price", true);
    m.integer("count", true);
    m.minorUnits("minor", true, 1);
    m.instant("at", true);
    m.duration("keep", true);
    m.currency("currency", true);
    m.zone("zone", true);
    m.choice("when", true, "trigger", List.of("first-use", "top-up"), s -> s);
    m.decimal("big", true);
    m.integer("low", true, 1);
    m.require("amount", "how much to grant");

    assertThat(m.hasProblems()).isTrue();
    assertThat(problems.messages())
        .containsExactly(
            "t.yaml:1: promotion 1: price 'cheap' is not a decimal number",
            "t.yaml:1: promotion 1: missing required key 'amount': how much to grant",
            "t.yaml:2: promotion 1: count '1.5' is not a whole number",
            "t.yaml:3: promotion 1: minor '5.00' is not a whole number of minor units (e.g. 500 for 5.00)",
            "t.yaml:4: promotion 1: at 'tomorrow' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z",
            "t.yaml:5: promotion 1: keep must be positive, got -P1D",
            "t.yaml:6: promotion 1: unknown currency 'EURO'; expected an ISO-4217 code such as USD, EUR or JPY",
            "t.yaml:7: promotion 1: unknown time zone 'Mars/Olympus_Mons'; use an IANA zone id such as Europe/Berlin",
            "t.yaml:8: promotion 1: unknown trigger 'topup'; expected one of first-use, top-up",
            "t.yaml:9: promotion 1: big 1e-99 is out of range: at most 18 integer digits and 12 decimals",
            "t.yaml:10: promotion 1: low must be at least 1, got 0",
            "t.yaml:11: promotion 1: unknown key 'amuont' (did you mean 'amount'?)");
  }

  @Test
  void theDocumentItselfHasNoPathAndNestedMappingsHaveTheirs() {
    YamlMap top =
        read(
            """
        colour: blue
        id: a
        id: b
        grant:
          amount: [1, 2]
        rows:
          - {name: x}
          - 3
        """,
            "",
            List.of("id", "grant", "rows"));

    YamlMap grant = top.map("grant", "promotion 1 grant", List.of("amount"));
    grant.integer("amount", true);
    List<YamlMap> rows = top.mappings("rows", "{name}", "row", List.of("name"));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).where()).isEqualTo("row 1");
    assertThat(rows.get(0).line()).isEqualTo(7);
    assertThat(problems.messages())
        .containsExactly(
            "t.yaml:1: unknown key 'colour'; expected one of id, grant, rows",
            "t.yaml:3: duplicate key 'id'",
            "t.yaml:5: promotion 1 grant: amount must be a single value, not a list or mapping",
            "t.yaml:8: row 2: expected a mapping of keys to values");
  }

  @Test
  void aNullValueIsWrittenButAbsentAndAnEmptyOneIsReported() {
    YamlMap m = read("product:\nregion: ''\nlist: []\n", "row", null);

    assertThat(m.written("product")).isTrue();
    assertThat(m.has("product")).isFalse();
    assertThat(m.string("product", false)).isNull();
    assertThat(m.text("region", false)).isEmpty();
    assertThat(m.string("region", false)).isNull();
    m.mappings("list", "{name}", "item", null);
    m.forbid("product", "only rows of one kind have a product");
    assertThat(problems.messages())
        .containsExactly(
            "t.yaml:1: row: product is not allowed here: only rows of one kind have a product",
            "t.yaml:2: row: region must not be empty",
            "t.yaml:3: row: list must be a non-empty list of {name}");
  }

  @Test
  void aDocumentThatIsNotYamlIsOneProblemWithItsLine() {
    assertThat(problems.compose("a: [1\n", "test document")).isNull();
    assertThat(problems.messages())
        .singleElement()
        .asString()
        .startsWith("t.yaml:2: not valid YAML: ");
    assertThat(new YamlProblems("e.yaml").compose("", "test document")).isNull();
    assertThat(YamlMap.read(null, null, "rule set", problems, null)).isNull();
  }

  @Test
  void anUnforeseenFailureNamesTheDocumentAndWhatToDo() {
    assertThat(
            YamlProblems.unreadable(
                "r.yaml",
                "rule document",
                new IllegalStateException("boom"),
                "check it against docs/x.md"))
        .isEqualTo(
            "r.yaml:1: the rule document could not be read (IllegalStateException: boom); "
                + "check it against docs/x.md");
  }
}

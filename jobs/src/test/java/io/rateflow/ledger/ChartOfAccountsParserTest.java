package io.rateflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Good and bad chart documents, with the exact messages an author sees. */
class ChartOfAccountsParserTest {

  /** The default rows every chart needs, written after a header the tests vary. */
  private static final String DEFAULTS =
      """
            accounts:
              - {role: RECEIVABLE_UNBILLED,    account: "1210"}
              - {role: USAGE_REVENUE,          account: "4000"}
              - {role: CUSTOMER_PREPAYMENTS,   account: "2300"}
              - {role: CASH_CLEARING,          account: "1090"}
              - {role: PROMOTIONAL_DISCOUNT,   account: "4900"}
              - {role: BREAKAGE_INCOME,        account: "4800"}
              - {role: PREPAID_GRANT_CLEARING, account: "1095"}
              - {role: REFUNDS_PAYABLE,        account: "2310"}
              - {role: PREPAID_ADJUSTMENTS,    account: "6850"}
            """;

  private static final String HEADER =
      """
            id: gl
            version: 3
            effective_from: 2026-01-01T00:00:00+01:00
            legal_entities:
              - {code: RF-US, time_zone: America/New_York}
            """;

  private static List<String> problems(String document) {
    return catchThrowableOfType(
            ChartValidationException.class, () -> ChartOfAccountsParser.parse("gl.yaml", document))
        .problems();
  }

  @Test
  void readsAGoodDocument() {
    ChartOfAccounts chart =
        ChartOfAccountsParser.parse(
            "gl.yaml",
            HEADER
                + DEFAULTS
                + "  - {role: USAGE_REVENUE, account: \"0120\", legal_entity: RF-US, product: p, region: r}\n");

    assertThat(chart.id()).isEqualTo("gl");
    assertThat(chart.version()).isEqualTo(3);
    assertThat(chart.effectiveFrom()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
    assertThat(chart.legalEntity("RF-US").orElseThrow().zone())
        .isEqualTo(ZoneId.of("America/New_York"));
    // Text as written: YAML 1.1 would read an unquoted 0120 as octal 80.
    assertThat(chart.glAccount(PostingRole.USAGE_REVENUE, "RF-US", "p", "r")).isEqualTo("0120");
    assertThat(chart.glAccount(PostingRole.USAGE_REVENUE, "RF-US", "p", "other")).isEqualTo("4000");
    assertThat(chart.toString()).isEqualTo("chart of accounts gl v3 (gl.yaml)");
  }

  @Test
  void unquotedLeadingZeroAccountKeepsItsDigits() {
    ChartOfAccounts chart =
        ChartOfAccountsParser.parse(
            "gl.yaml", (HEADER + DEFAULTS).replace("account: \"1210\"", "account: 01210"));

    assertThat(chart.glAccount(PostingRole.RECEIVABLE_UNBILLED, "RF-US", "", ""))
        .isEqualTo("01210");
  }

  @Test
  void theShippedExampleChartIsValid() throws IOException {
    ChartOfAccounts chart =
        ChartOfAccountsParser.parse(
            Path.of("..", "pricing-rules", "chart-of-accounts", "rateflow-gl.yaml"));

    assertThat(chart.id()).isEqualTo("rateflow-gl");
    assertThat(chart.legalEntities()).containsOnlyKeys("RF-US", "RF-DE", "RF-JP");
    assertThat(chart.glAccount(PostingRole.USAGE_REVENUE, "RF-DE", "gpu-seconds", ""))
        .isEqualTo("8410");
    // the roles of recurring charges and true-ups have rows of their own
    assertThat(chart.glAccount(PostingRole.RECURRING_REVENUE, "RF-US", "seats", ""))
        .isEqualTo("4100");
    assertThat(chart.glAccount(PostingRole.RECURRING_REVENUE, "RF-DE", "seats", ""))
        .isEqualTo("8420");
    assertThat(chart.glAccount(PostingRole.PRORATION_CREDITS, "RF-US", "seats", ""))
        .isEqualTo("4950");
    assertThat(
            chart.glAccount(PostingRole.MINIMUM_COMMITMENT_REVENUE, "RF-US", "minimum_spend", ""))
        .isEqualTo("4200");
  }

  @Test
  void aChartWrittenBeforeRecurringRevenueIsValidAndBooksItOnUsageRevenue() {
    // DEFAULTS has no rows for the roles added with recurring charges
    ChartOfAccounts chart = ChartOfAccountsParser.parse("gl.yaml", HEADER + DEFAULTS);

    for (PostingRole role :
        List.of(
            PostingRole.RECURRING_REVENUE,
            PostingRole.PRORATION_CREDITS,
            PostingRole.MINIMUM_COMMITMENT_REVENUE)) {
      assertThat(role.fallback()).isEqualTo(PostingRole.USAGE_REVENUE);
      assertThat(chart.glAccount(role, "RF-US", "seats", ""))
          .isEqualTo(chart.glAccount(PostingRole.USAGE_REVENUE, "RF-US", "seats", ""));
    }
    // every older role still needs its default row
    assertThat(PostingRole.BREAKAGE_INCOME.fallback()).isNull();
  }

  @Test
  void reportsHeaderProblemsWithTheirLines() {
    assertThat(
            problems(
                """
                version: zero
                effective_from: 1 January 2026
                colour: blue
                legal_entities:
                  - {code: RF-US, time_zone: America/New_York}
                """
                    + DEFAULTS))
        .containsExactly(
            "gl.yaml:1: missing required key 'id'",
            "gl.yaml:1: version 'zero' is not a whole number",
            "gl.yaml:2: effective_from '1 January 2026' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z",
            "gl.yaml:3: unknown key 'colour'; expected one of id, version, effective_from, description, "
                + "default_legal_entity, legal_entities, accounts");
  }

  @Test
  void reportsLegalEntityProblems() {
    assertThat(
            problems(
                """
                id: gl
                version: 1
                effective_from: 2026-01-01T00:00:00Z
                legal_entities:
                  - {code: RF-US, time_zone: America/New_York}
                  - {code: RF-MARS, time_zone: Mars/Olympus_Mons}
                  - {code: RF-US, time_zone: Europe/Berlin}
                  - {time_zone: Europe/Berlin}
                """
                    + DEFAULTS))
        .containsExactly(
            "gl.yaml:6: legal entity 2: unknown time zone 'Mars/Olympus_Mons'; use an IANA zone id such as "
                + "Europe/Berlin",
            "gl.yaml:7: legal entity 3: code 'RF-US' is declared twice (first at line 5)",
            "gl.yaml:8: legal entity 4: missing required key 'code'");
  }

  @Test
  void reportsMappingProblems() {
    assertThat(
            problems(
                HEADER
                    + DEFAULTS
                    + """
                  - {role: REVENUE, account: "4001"}
                  - {role: USAGE_REVENUE, account: "4002", legal_entity: RF-XX}
                  - {role: USAGE_REVENUE, account: "4003", product: ""}
                  - {role: USAGE_REVENUE, account: "4004", product: p}
                  - {role: USAGE_REVENUE, account: "4005", product: p}
                  - {role: USAGE_REVENUE}
                  - {role: USAGE_REVENUE, account: "4006", segment: smb}
                """))
        .containsExactly(
            "gl.yaml:16: account row 10: unknown role 'REVENUE'; expected one of RECEIVABLE_UNBILLED, USAGE_REVENUE, "
                + "CUSTOMER_PREPAYMENTS, CASH_CLEARING, PROMOTIONAL_DISCOUNT, BREAKAGE_INCOME, "
                + "PREPAID_GRANT_CLEARING, REFUNDS_PAYABLE, PREPAID_ADJUSTMENTS, RECURRING_REVENUE, "
                + "PRORATION_CREDITS, MINIMUM_COMMITMENT_REVENUE",
            "gl.yaml:17: account row 11: legal entity 'RF-XX' is not declared under legal_entities",
            "gl.yaml:18: account row 12: product must not be empty; leave the key out to match any product",
            "gl.yaml:20: account row 14: duplicate mapping for USAGE_REVENUE (legal_entity=*, product=p, "
                + "region=*); first at line 19",
            "gl.yaml:21: account row 15: missing required key 'account'",
            "gl.yaml:22: account row 16: unknown key 'segment'; expected one of role, account, legal_entity, "
                + "product, region");
  }

  @Test
  void reportsRolesWithoutADefaultAccount() {
    String withoutBreakage =
        (HEADER + DEFAULTS)
            .replace(
                "  - {role: BREAKAGE_INCOME,        account: \"4800\"}\n",
                "  - {role: BREAKAGE_INCOME, account: \"4800\", legal_entity: RF-US}\n");

    assertThat(problems(withoutBreakage))
        .containsExactly(
            "gl.yaml:6: role BREAKAGE_INCOME has no default account (a row without legal_entity, product or "
                + "region)");
  }

  @Test
  void reportsShapeProblems() {
    assertThat(problems(""))
        .containsExactly(
            "gl.yaml:1: the document is empty; a chart of accounts needs id, version, effective_from, "
                + "legal_entities and accounts");
    assertThat(problems("- just a list\n"))
        .containsExactly("gl.yaml:1: expected a mapping of keys to values");
    assertThat(problems(HEADER + "accounts: []\n"))
        .containsExactly(
            "gl.yaml:6: accounts must be a non-empty list of {role, account, legal_entity?, product?, region?}");
    assertThat(problems(HEADER.replace("id: gl", "id: [a, b]") + DEFAULTS))
        .containsExactly("gl.yaml:1: id must be a single value, not a list or mapping");
    assertThat(problems(HEADER + DEFAULTS + "id: again\n"))
        .containsExactly("gl.yaml:16: duplicate key 'id'");
  }

  @Test
  void reportsYamlSyntaxErrorsWithTheirLine() {
    assertThat(problems("id: gl\nversion: [1\n"))
        .hasSize(1)
        .first()
        .asString()
        .startsWith("gl.yaml:3: not valid YAML: ");
  }

  @Test
  void theNewestVersionInForceWins() {
    ChartOfAccounts v3 = ChartOfAccountsParser.parse("gl.yaml", HEADER + DEFAULTS);
    ChartOfAccounts v4 =
        ChartOfAccountsParser.parse(
            "gl.yaml",
            (HEADER + DEFAULTS)
                .replace("version: 3", "version: 4")
                .replace("2026-01-01T00:00:00+01:00", "2026-03-01T00:00:00Z"));
    ChartBook book = ChartBook.of(v4, v3);

    assertThat(book.inForceAt(Instant.parse("2025-12-31T22:59:59Z"))).isEmpty();
    assertThat(book.inForceAt(Instant.parse("2025-12-31T23:00:00Z"))).contains(v3);
    assertThat(book.inForceAt(Instant.parse("2026-03-01T00:00:00Z"))).contains(v4);
    assertThat(book.with(v4).versions()).containsExactly(v4, v3);
  }
}

package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.CHART;
import static io.rateflow.ledger.LedgerFixtures.charge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Facts of accounts whose profile names no legal entity: the chart's default books them, or they
 * are refused.
 */
class DefaultLegalEntityTest {
  private static final String WITH_DEFAULT =
      CHART.replace("legal_entities:", "default_legal_entity: RF-JP\nlegal_entities:");

  private static ChargeFact withoutEntity(String id) {
    ChargeFact c = charge(id, 1_000);
    return new ChargeFact(
        c.chargeId(),
        c.eventId(),
        c.accountId(),
        c.product(),
        c.amountMinor(),
        c.currency(),
        c.fundingSource(),
        c.grantId(),
        c.eventTime(),
        c.region(),
        c.segment(),
        "",
        c.glCustomerCode());
  }

  @Test
  void theDefaultBooksAFactWithoutLegalEntityInItsOwnZone() {
    ChartOfAccounts chart = ChartOfAccountsParser.parse("gl.yaml", WITH_DEFAULT);
    assertThat(chart.defaultLegalEntity()).map(LegalEntity::code).hasValue("RF-JP");
    // 2026-01-15T23:30Z is already the 16th in Tokyo
    ChargeFact late =
        new ChargeFact(
            "c-x",
            "e-x",
            "acct-1",
            "api-calls",
            1_000,
            LedgerFixtures.USD,
            FundingSource.ON_ACCOUNT,
            null,
            java.time.Instant.parse("2026-01-15T23:30:00Z"),
            "us-east",
            "smb",
            "",
            "CUST-001");
    JournalEntry e = new Journal(chart).post(late);
    assertThat(e.legalEntity()).isEqualTo("RF-JP");
    assertThat(e.postingDate()).isEqualTo(LocalDate.of(2026, 1, 16));
    assertThat(e.lines())
        .allSatisfy(l -> assertThat(l.dimensions().legalEntity()).isEqualTo("RF-JP"));
    // a fact that names its entity keeps it
    assertThat(new Journal(chart).post(charge("y", 1_000)).legalEntity()).isEqualTo("RF-US");
  }

  @Test
  void withoutADefaultTheFactIsRefusedWithTheFix() {
    assertThatThrownBy(
            () ->
                new Journal(ChartOfAccountsParser.parse("gl.yaml", CHART)).post(withoutEntity("z")))
        .isInstanceOf(PostingException.class)
        .hasMessageContaining("charge c-z")
        .hasMessageContaining("declares no default_legal_entity")
        .hasMessageContaining("legal_entity on the account's profile");
  }

  @Test
  void reconciliationUsesTheSameDefault() {
    ChartOfAccounts chart = ChartOfAccountsParser.parse("gl.yaml", WITH_DEFAULT);
    ChargeFact c = withoutEntity("r");
    JournalEntry e = new Journal(chart).post(c);
    ReconciliationReport report =
        new Reconciliation(ChartBook.of(chart)).reconcile(List.of(c), List.of(), List.of(e));
    assertThat(report.isBalanced()).as(report.toString()).isTrue();
  }

  @Test
  void anUndeclaredOrEmptyDefaultIsAProblemWithItsLine() {
    assertThatThrownBy(
            () ->
                ChartOfAccountsParser.parse(
                    "gl.yaml",
                    CHART.replace(
                        "legal_entities:", "default_legal_entity: RF-XX\nlegal_entities:")))
        .isInstanceOf(ChartValidationException.class)
        .satisfies(
            t ->
                assertThat(((ChartValidationException) t).problems())
                    .containsExactly(
                        "gl.yaml:4: default_legal_entity 'RF-XX' is not declared under legal_entities"));
    assertThatThrownBy(
            () ->
                ChartOfAccountsParser.parse(
                    "gl.yaml",
                    CHART.replace("legal_entities:", "default_legal_entity: ''\nlegal_entities:")))
        .isInstanceOf(ChartValidationException.class)
        .satisfies(
            t ->
                assertThat(((ChartValidationException) t).problems())
                    .singleElement()
                    .asString()
                    .startsWith("gl.yaml:4: 'default_legal_entity' must not be empty"));
  }
}

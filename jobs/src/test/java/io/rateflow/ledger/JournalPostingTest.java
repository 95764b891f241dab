package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.JAN_15;
import static io.rateflow.ledger.LedgerFixtures.USD;
import static io.rateflow.ledger.LedgerFixtures.charge;
import static io.rateflow.ledger.LedgerFixtures.journal;
import static io.rateflow.ledger.LedgerFixtures.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-checked postings: one case per business fact of the posting rules table. */
class JournalPostingTest {

  private final Journal journal = journal();

  /** Lines as "Dr 1210 1234" / "Cr 4000 1234", easy to compare with the rules table. */
  private static List<String> lines(JournalEntry e) {
    return e.lines().stream()
        .map(
            l ->
                l.debitMinor() > 0
                    ? "Dr " + l.glAccount() + " " + l.debitMinor()
                    : "Cr " + l.glAccount() + " " + l.creditMinor())
        .toList();
  }

  @Test
  void usageBilledOnAccountIsReceivableAgainstRevenue() {
    JournalEntry e = journal.post(charge("1", 1234));

    assertThat(e.kind()).isEqualTo(EntryKind.USAGE_ON_ACCOUNT);
    assertThat(lines(e)).containsExactly("Dr 1210 1234", "Cr 4000 1234");
    assertThat(e.lines())
        .extracting(JournalLine::role)
        .containsExactly(PostingRole.RECEIVABLE_UNBILLED, PostingRole.USAGE_REVENUE);
    assertThat(e.lines().get(0).dimensions())
        .isEqualTo(new Dimensions("RF-US", "CUST-001", "api-calls", "us-east"));
    assertThat(e.currency()).isEqualTo(USD);
    assertThat(e.accountId()).isEqualTo("acct-1");
    assertThat(e.postingDate()).isEqualTo(LocalDate.of(2026, 1, 15));
    assertThat(e.period()).isEqualTo(YearMonth.of(2026, 1));
    assertThat(e.sources())
        .extracting(SourceRef::toString)
        .containsExactly("CHARGE:c-1", "EVENT:e-1");
    assertThat(e.originalEntryId()).isNull();
    assertThat(e.description()).isEqualTo("USAGE_ON_ACCOUNT api-calls 12.34 USD, charge c-1");
    assertThat(e.chartId()).isEqualTo("test-gl");
    assertThat(e.chartVersion()).isEqualTo(1);
  }

  @Test
  void usagePaidFromPrepaidConsumesThePrepaymentLiability() {
    JournalEntry e = journal.post(charge("1", 500, FundingSource.PREPAID));

    assertThat(e.kind()).isEqualTo(EntryKind.USAGE_PREPAID);
    assertThat(lines(e)).containsExactly("Dr 2300 500", "Cr 4000 500");
    assertThat(e.sources()).extracting(SourceRef::toString).contains("GRANT:g-1");
  }

  @Test
  void usagePaidWithPromotionalCreditIsGrossRevenueWithADiscount() {
    JournalEntry e = journal.post(charge("1", 700, FundingSource.PROMOTIONAL));

    assertThat(e.kind()).isEqualTo(EntryKind.USAGE_PROMOTIONAL);
    assertThat(lines(e)).containsExactly("Dr 4900 700", "Cr 4000 700");
  }

  @Test
  void allowanceUsageIsAMemoBecauseThePlanFeeCarriesTheRevenue() {
    JournalEntry e = journal.post(charge("1", 900, FundingSource.ALLOWANCE));

    assertThat(e.kind()).isEqualTo(EntryKind.USAGE_ALLOWANCE);
    assertThat(e.isMemo()).isTrue();
    assertThat(e.lines()).isEmpty();
    assertThat(e.description()).endsWith("[memo: paid by the plan allowance]");
  }

  @Test
  void zeroAmountChargeIsAMemo() {
    JournalEntry e = journal.post(charge("1", 0));

    assertThat(e.kind()).isEqualTo(EntryKind.USAGE_ON_ACCOUNT);
    assertThat(e.isMemo()).isTrue();
    assertThat(e.description()).endsWith("[memo: zero amount]");
  }

  @Test
  void negativeChargeBooksTheSameRolesOnSwappedSides() {
    JournalEntry e = journal.post(charge("1", -250));

    assertThat(lines(e)).containsExactly("Dr 4000 250", "Cr 1210 250");
    assertThat(e.lines())
        .extracting(JournalLine::role)
        .containsExactly(PostingRole.USAGE_REVENUE, PostingRole.RECEIVABLE_UNBILLED);
  }

  @Test
  void topUpIsCashAgainstPrepayments() {
    JournalEntry e = journal.post(movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000));

    assertThat(e.kind()).isEqualTo(EntryKind.PREPAID_TOP_UP);
    assertThat(lines(e)).containsExactly("Dr 1090 5000", "Cr 2300 5000");
    assertThat(e.lines().get(0).dimensions().product()).isEmpty();
    assertThat(e.sources())
        .extracting(SourceRef::toString)
        .containsExactly("MOVEMENT:m-1", "GRANT:g-1");
  }

  @Test
  void prepaidGrantWithoutTopUpGoesThroughTheGrantClearingAccount() {
    JournalEntry e = journal.post(movement("1", MovementKind.GRANT, GrantKind.PREPAID, 10000));

    assertThat(lines(e)).containsExactly("Dr 1095 10000", "Cr 2300 10000");
  }

  @Test
  void revokedPrepaidCreditIsOwedBack() {
    JournalEntry e = journal.post(movement("1", MovementKind.REVOKE, GrantKind.PREPAID, 300));

    assertThat(e.kind()).isEqualTo(EntryKind.PREPAID_REVOKE);
    assertThat(lines(e)).containsExactly("Dr 2300 300", "Cr 2310 300");
  }

  @Test
  void adjustmentsUpAndDown() {
    assertThat(lines(journal.post(movement("1", MovementKind.ADJUST, GrantKind.PREPAID, 200))))
        .containsExactly("Dr 6850 200", "Cr 2300 200");
    assertThat(lines(journal.post(movement("2", MovementKind.ADJUST, GrantKind.PREPAID, -200))))
        .containsExactly("Dr 2300 200", "Cr 6850 200");
  }

  @Test
  void expiryOfUnusedPrepaidCreditIsBreakage() {
    JournalEntry e = journal.post(movement("1", MovementKind.EXPIRY, GrantKind.PREPAID, 1500));

    assertThat(e.kind()).isEqualTo(EntryKind.PREPAID_EXPIRY);
    assertThat(lines(e)).containsExactly("Dr 2300 1500", "Cr 4800 1500");
  }

  @Test
  void promotionalGrantAndExpiryAreMemos() {
    JournalEntry grant =
        journal.post(movement("1", MovementKind.GRANT, GrantKind.PROMOTIONAL, 2000));
    JournalEntry expiry =
        journal.post(movement("2", MovementKind.EXPIRY, GrantKind.PROMOTIONAL, 2000));

    assertThat(grant.kind()).isEqualTo(EntryKind.PROMOTIONAL_GRANT);
    assertThat(expiry.kind()).isEqualTo(EntryKind.PROMOTIONAL_EXPIRY);
    assertThat(grant.isMemo()).isTrue();
    assertThat(expiry.isMemo()).isTrue();
    assertThat(grant.description())
        .isEqualTo(
            "PROMOTIONAL_GRANT 20.00 USD, movement m-1 "
                + "[memo: promotional credit is no liability]");
  }

  @Test
  void promotionalTopUpIsRejectedAtTheBoundary() {
    assertThatThrownBy(() -> movement("1", MovementKind.TOP_UP, GrantKind.PROMOTIONAL, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("movement m-1: a TOP_UP must be PREPAID credit, got PROMOTIONAL");
  }

  @Test
  void mostSpecificMappingWins() {
    ChargeFact de =
        new ChargeFact(
            "c-de",
            "e-de",
            "acct-2",
            "gpu-seconds",
            100,
            LedgerFixtures.EUR,
            FundingSource.PREPAID,
            "g-9",
            JAN_15,
            "eu-west",
            "",
            "RF-DE",
            "CUST-DE");

    // legal entity + product beats legal entity, which beats product and region
    assertThat(lines(journal.post(de))).containsExactly("Dr 1710 100", "Cr 8410 100");
    assertThat(
            lines(
                journal.post(
                    new ChargeFact(
                        "c-de2",
                        "e-de2",
                        "acct-2",
                        "api-calls",
                        100,
                        LedgerFixtures.EUR,
                        FundingSource.ON_ACCOUNT,
                        null,
                        JAN_15,
                        "eu-west",
                        "",
                        "RF-DE",
                        "CUST-DE"))))
        .containsExactly("Dr 1210 100", "Cr 8400 100");
    // product (2) beats region (1) in the US entity
    ChargeFact usGpu =
        new ChargeFact(
            "c-g",
            "e-g",
            "acct-1",
            "gpu-seconds",
            100,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "eu-west",
            "",
            "RF-US",
            "CUST-001");
    assertThat(lines(journal.post(usGpu))).containsExactly("Dr 1210 100", "Cr 4010 100");
    assertThat(lines(journal.post(charge("r", 100).withFunding(FundingSource.ON_ACCOUNT, null))))
        .containsExactly("Dr 1210 100", "Cr 4000 100");
  }

  @Test
  void postingDateAndPeriodFollowTheLegalEntityZone() {
    // 2026-01-31T23:30Z is already 1 February in Tokyo, still 31 January in New York.
    Instant t = Instant.parse("2026-01-31T23:30:00Z");
    ChargeFact jp =
        new ChargeFact(
            "c-jp",
            "e-jp",
            "acct-3",
            "api-calls",
            120,
            LedgerFixtures.JPY,
            FundingSource.ON_ACCOUNT,
            null,
            t,
            "",
            "",
            "RF-JP",
            "CUST-JP");
    ChargeFact us =
        new ChargeFact(
            "c-us",
            "e-us",
            "acct-1",
            "api-calls",
            120,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            t,
            "",
            "",
            "RF-US",
            "CUST-001");

    JournalEntry jpEntry = journal.post(jp);
    assertThat(jpEntry.postingDate()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(jpEntry.period()).isEqualTo(YearMonth.of(2026, 2));
    assertThat(jpEntry.description()).isEqualTo("USAGE_ON_ACCOUNT api-calls 120 JPY, charge c-jp");
    assertThat(journal.post(us).period()).isEqualTo(YearMonth.of(2026, 1));
  }

  @Test
  void entryIdsAreDeterministicFromFactIdAndKind() {
    JournalEntry first = journal.post(charge("1", 100));

    assertThat(journal.post(charge("1", 100)).entryId()).isEqualTo(first.entryId());
    assertThat(first.entryId())
        .isEqualTo(EntryIds.forFact("CHARGE", "c-1", EntryKind.USAGE_ON_ACCOUNT));
    assertThat(first.entryId()).hasSize(36);
    assertThat(journal.post(charge("1", 100, FundingSource.PREPAID)).entryId())
        .isNotEqualTo(first.entryId());
    assertThat(journal.post(charge("2", 100)).entryId()).isNotEqualTo(first.entryId());
    // a movement with the same id string is a different fact
    assertThat(EntryIds.of("a|b", "c")).isNotEqualTo(EntryIds.of("a", "b|c"));
  }

  @Test
  void factIsPostedWithTheChartVersionInForceAtItsOwnTime() {
    ChartOfAccounts v2 =
        ChartOfAccountsParser.parse(
            "test-gl-v2.yaml",
            LedgerFixtures.CHART
                .replace("version: 1", "version: 2")
                .replace("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
                .replace("account: \"4000\"", "account: \"4001\""));
    Journal twoVersions = new Journal(ChartBook.of(LedgerFixtures.chart()).with(v2));

    JournalEntry january = twoVersions.post(charge("1", 100));
    JournalEntry february =
        twoVersions.post(
            new ChargeFact(
                "c-2",
                "e-2",
                "acct-1",
                "api-calls",
                100,
                USD,
                FundingSource.ON_ACCOUNT,
                null,
                Instant.parse("2026-02-10T12:00:00Z"),
                "",
                "",
                "RF-US",
                "C"));

    assertThat(lines(january)).containsExactly("Dr 1210 100", "Cr 4000 100");
    assertThat(lines(february)).containsExactly("Dr 1210 100", "Cr 4001 100");
    assertThat(february.chartVersion()).isEqualTo(2);
  }

  @Test
  void unknownLegalEntityIsAPostingExceptionThatSaysWhatToFix() {
    ChargeFact fact =
        new ChargeFact(
            "c-x",
            "e-x",
            "acct-9",
            "api-calls",
            1,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "",
            "",
            "RF-XX",
            "C");

    assertThatThrownBy(() -> journal.post(fact))
        .isInstanceOf(PostingException.class)
        .hasMessage(
            "legal entity 'RF-XX' of charge c-x (account acct-9, event e-x) is not in chart of "
                + "accounts test-gl v1 (test-gl.yaml); add it under legal_entities or fix the account's "
                + "profile");
  }

  @Test
  void factBeforeAnyChartIsAPostingException() {
    ChargeFact early =
        new ChargeFact(
            "c-0",
            "e-0",
            "acct-1",
            "api-calls",
            1,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            Instant.parse("2025-12-31T23:59:59Z"),
            "",
            "",
            "RF-US",
            "C");

    assertThatThrownBy(() -> journal.post(early))
        .isInstanceOf(PostingException.class)
        .hasMessage(
            "no chart of accounts in force at 2025-12-31T23:59:59Z for charge c-0 (account acct-1, "
                + "event e-0); publish one whose effective_from is at or before that time");
  }

  @Test
  void unbalancedEntryCannotBeBuilt() {
    Dimensions d = new Dimensions("RF-US", "C", "p", "");
    assertThatThrownBy(
            () ->
                new JournalEntry(
                    "x",
                    EntryKind.USAGE_ON_ACCOUNT,
                    "a",
                    "RF-US",
                    LocalDate.of(2026, 1, 1),
                    YearMonth.of(2026, 1),
                    USD,
                    List.of(
                        JournalLine.debit(1, PostingRole.RECEIVABLE_UNBILLED, "1210", 100, d),
                        JournalLine.credit(2, PostingRole.USAGE_REVENUE, "4000", 99, d)),
                    List.of(),
                    null,
                    "",
                    "c",
                    1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry x does not balance: debits 1.00 USD, credits 0.99 USD");
  }

  @Test
  void amountThatCannotBeNegatedIsRejected() {
    assertThatThrownBy(() -> charge("1", Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amountMinor of charge c-1 must be greater than Long.MIN_VALUE");
  }

  @Test
  void pseudoCurrencyWithoutDigitsFormatsAsWholeUnits() {
    assertThat(MinorUnits.format(5, Currency.getInstance("XXX"))).isEqualTo("5 XXX");
    assertThat(MinorUnits.format(-5, USD)).isEqualTo("-0.05 USD");
  }
}

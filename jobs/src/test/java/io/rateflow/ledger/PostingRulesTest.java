package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.charge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The posting policy for recurring charges, fees, proration credits and true-ups: each books its
 * own revenue role against the debit usage gets from the same funding source, and usage is as it
 * was.
 */
class PostingRulesTest {

  private final Journal journal = new Journal(LedgerFixtures.chartWithRecurring());
  private final Journal olderChart = LedgerFixtures.journal();

  /** "Dr ROLE account amount" / "Cr ROLE account amount", in line order. */
  private static List<String> lines(JournalEntry e) {
    return e.lines().stream()
        .map(
            l ->
                l.debitMinor() > 0
                    ? "Dr " + l.role() + " " + l.glAccount() + " " + l.debitMinor()
                    : "Cr " + l.role() + " " + l.glAccount() + " " + l.creditMinor())
        .toList();
  }

  @Test
  void usageBooksExactlyAsBeforeChargeKinds() {
    for (FundingSource funding : FundingSource.values()) {
      for (long amount : new long[] {-5, 0, 5}) {
        assertThat(PostingRules.forCharge(RevenueKind.USAGE, funding, amount))
            .isEqualTo(PostingRules.forCharge(funding));
      }
    }
    ChargeFact usage = charge("1", 100);
    assertThat(usage.kind()).isEqualTo(RevenueKind.USAGE);
    // the same entry as with the older chart, whose version it names
    assertThat(journal.post(usage))
        .usingRecursiveComparison()
        .ignoringFields("chartVersion")
        .isEqualTo(olderChart.post(usage));
  }

  @Test
  void theTableForEachKindAndFundingSource() {
    for (FundingSource funding :
        List.of(FundingSource.ON_ACCOUNT, FundingSource.PREPAID, FundingSource.PROMOTIONAL)) {
      PostingRole debit = PostingRules.forCharge(funding).debit();
      assertThat(PostingRules.forCharge(RevenueKind.RECURRING, funding, 1))
          .isEqualTo(
              new PostingRule(EntryKind.RECURRING_CHARGE, debit, PostingRole.RECURRING_REVENUE));
      assertThat(PostingRules.forCharge(RevenueKind.SUBSCRIPTION_FEE, funding, 1))
          .isEqualTo(
              new PostingRule(EntryKind.SUBSCRIPTION_FEE, debit, PostingRole.RECURRING_REVENUE));
      assertThat(PostingRules.forCharge(RevenueKind.PRORATION, funding, 1))
          .isEqualTo(
              new PostingRule(EntryKind.PRORATION_CHARGE, debit, PostingRole.RECURRING_REVENUE));
      assertThat(PostingRules.forCharge(RevenueKind.PRORATION, funding, -1))
          .isEqualTo(
              new PostingRule(EntryKind.PRORATION_CREDIT, debit, PostingRole.PRORATION_CREDITS));
      assertThat(PostingRules.forCharge(RevenueKind.MINIMUM_TRUE_UP, funding, -1))
          .isEqualTo(
              new PostingRule(
                  EntryKind.MINIMUM_TRUE_UP, debit, PostingRole.MINIMUM_COMMITMENT_REVENUE));
    }
    // paid by the plan's allowance: the plan fee carries the revenue, as for usage
    for (RevenueKind kind : RevenueKind.values()) {
      assertThat(PostingRules.forCharge(kind, FundingSource.ALLOWANCE, 100).isMemo()).isTrue();
    }
  }

  @Test
  void aTrueUpIsItsOwnJournalLineOnTheMinimumCommitmentAccount() {
    JournalEntry trueUp =
        journal.post(charge("t", 2500, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend"));

    assertThat(trueUp.kind()).isEqualTo(EntryKind.MINIMUM_TRUE_UP);
    assertThat(lines(trueUp))
        .containsExactly(
            "Dr RECEIVABLE_UNBILLED 1210 2500", "Cr MINIMUM_COMMITMENT_REVENUE 4200 2500");
    assertThat(trueUp.totalDebitMinor()).isEqualTo(trueUp.totalCreditMinor());
    // a late charge that lowers the true-up reverses part of it
    JournalEntry lowered =
        journal.post(charge("t2", -400, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend"));
    assertThat(lines(lowered))
        .containsExactly(
            "Dr MINIMUM_COMMITMENT_REVENUE 4200 400", "Cr RECEIVABLE_UNBILLED 1210 400");
  }

  @Test
  void aProrationCreditIsContraRevenueOnItsOwnLine() {
    JournalEntry credit = journal.post(charge("p", -700, RevenueKind.PRORATION, "seats"));

    assertThat(credit.kind()).isEqualTo(EntryKind.PRORATION_CREDIT);
    assertThat(lines(credit))
        .containsExactly("Dr PRORATION_CREDITS 4950 700", "Cr RECEIVABLE_UNBILLED 1210 700");
    assertThat(credit.totalDebitMinor()).isEqualTo(credit.totalCreditMinor());

    JournalEntry added = journal.post(charge("q", 700, RevenueKind.PRORATION, "seats"));
    assertThat(added.kind()).isEqualTo(EntryKind.PRORATION_CHARGE);
    assertThat(lines(added))
        .containsExactly("Dr RECEIVABLE_UNBILLED 1210 700", "Cr RECURRING_REVENUE 4100 700");
  }

  @Test
  void recurringChargesAndFeesAreRecurringRevenueAgainstTheFundingDebit() {
    assertThat(lines(journal.post(charge("r", 3000, RevenueKind.RECURRING, "seats"))))
        .containsExactly("Dr RECEIVABLE_UNBILLED 1210 3000", "Cr RECURRING_REVENUE 4100 3000");
    JournalEntry prepaidFee =
        journal.post(
            charge("f", 4900, RevenueKind.SUBSCRIPTION_FEE, "fee:platform")
                .withFunding(FundingSource.PREPAID, "g-1"));
    assertThat(prepaidFee.kind()).isEqualTo(EntryKind.SUBSCRIPTION_FEE);
    assertThat(lines(prepaidFee))
        .containsExactly("Dr CUSTOMER_PREPAYMENTS 2300 4900", "Cr RECURRING_REVENUE 4100 4900");
    JournalEntry allowance =
        journal.post(
            charge("a", 4900, RevenueKind.SUBSCRIPTION_FEE, "fee:platform")
                .withFunding(FundingSource.ALLOWANCE, "g-1"));
    assertThat(allowance.isMemo()).isTrue();
    assertThat(allowance.description()).endsWith("[memo: paid by the plan allowance]");
  }

  @Test
  void aChartWithoutTheNewRolesBooksThemOnTheUsageRevenueAccountButOnTheirOwnLines() {
    JournalEntry trueUp =
        olderChart.post(charge("t", 2500, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend"));
    assertThat(lines(trueUp))
        .containsExactly(
            "Dr RECEIVABLE_UNBILLED 1210 2500", "Cr MINIMUM_COMMITMENT_REVENUE 4000 2500");
    JournalEntry credit = olderChart.post(charge("p", -700, RevenueKind.PRORATION, "gpu-seconds"));
    // the usage revenue row of the product applies: 4010 for gpu-seconds
    assertThat(lines(credit))
        .containsExactly("Dr PRORATION_CREDITS 4010 700", "Cr RECEIVABLE_UNBILLED 1210 700");

    // in a summary they stay apart from usage revenue on the same GL account
    JournalEntry usage = olderChart.post(charge("u", 1000));
    JournalEntry recurring = olderChart.post(charge("r", 3000, RevenueKind.RECURRING, "api-calls"));
    JournalEntry summary = PeriodSummary.summarize(List.of(usage, recurring)).get(0);
    assertThat(lines(summary))
        .containsExactly(
            "Dr RECEIVABLE_UNBILLED 1210 4000",
            "Cr USAGE_REVENUE 4000 1000",
            "Cr RECURRING_REVENUE 4000 3000");
  }

  @Test
  void aRowForANewRoleWinsWhereItMatchesAndTheFallbackAppliesElsewhere() {
    ChartOfAccounts chart =
        ChartOfAccountsParser.parse(
            "gl.yaml",
            LedgerFixtures.CHART
                + "  - {role: RECURRING_REVENUE, account: \"8420\", legal_entity: RF-DE}\n");

    assertThat(chart.glAccount(PostingRole.RECURRING_REVENUE, "RF-DE", "seats", ""))
        .isEqualTo("8420");
    assertThat(chart.glAccount(PostingRole.RECURRING_REVENUE, "RF-US", "seats", ""))
        .isEqualTo("4000");
    assertThat(chart.glAccount(PostingRole.RECURRING_REVENUE, "RF-US", "gpu-seconds", ""))
        .isEqualTo("4010");
  }
}

package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.charge;
import static io.rateflow.ledger.LedgerFixtures.journal;
import static io.rateflow.ledger.LedgerFixtures.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconciliation reports zero differences for a faithful journal and finds injected ones. */
class ReconciliationTest {

  private final Journal journal = journal();
  private final Reconciliation reconciliation =
      new Reconciliation(ChartBook.of(LedgerFixtures.chart()));

  private final List<ChargeFact> charges =
      List.of(
          charge("1", 1000),
          charge("2", 250, FundingSource.PREPAID),
          charge("3", 75, FundingSource.PROMOTIONAL),
          charge("4", 500, FundingSource.ALLOWANCE));
  private final List<MovementFact> movements =
      List.of(
          movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000),
          movement("2", MovementKind.EXPIRY, GrantKind.PREPAID, 300),
          movement("3", MovementKind.GRANT, GrantKind.PROMOTIONAL, 2000));

  private List<JournalEntry> posted() {
    List<JournalEntry> entries = new ArrayList<>();
    charges.forEach(c -> entries.add(journal.post(c)));
    movements.forEach(m -> entries.add(journal.post(m)));
    return entries;
  }

  @Test
  void faithfulJournalReconciles() {
    ReconciliationReport report = reconciliation.reconcile(charges, movements, posted());

    assertThat(report.isBalanced()).isTrue();
    assertThat(report.differences()).isEmpty();
    assertThat(report.toString()).isEqualTo("reconciliation balanced: 7 cells agree");
    assertThat(report.lines())
        .extracting(ReconciliationLine::toString)
        .contains(
            "USAGE_REVENUE account acct-1 product api-calls USD 2026-01: facts Cr 13.25 USD, journal Cr 13.25 USD, ok",
            "CUSTOMER_PREPAYMENTS account acct-1 USD 2026-01: facts Cr 47.00 USD, journal Cr 47.00 USD, ok");
  }

  @Test
  void summariesReconcileLikeTheirDetails() {
    assertThat(
            reconciliation
                .reconcile(charges, movements, PeriodSummary.summarize(posted()))
                .isBalanced())
        .isTrue();
  }

  @Test
  void lostEntryIsFound() {
    List<JournalEntry> entries = posted();
    entries.remove(1); // the prepaid charge never reached the ERP

    ReconciliationReport report = reconciliation.reconcile(charges, movements, entries);

    assertThat(report.isBalanced()).isFalse();
    assertThat(report.differences())
        .extracting(ReconciliationLine::toString)
        .containsExactly(
            "USAGE_REVENUE account acct-1 product api-calls USD 2026-01: facts Cr 13.25 USD, "
                + "journal Cr 10.75 USD, missing Cr 2.50 USD",
            "CUSTOMER_PREPAYMENTS account acct-1 product api-calls USD 2026-01: facts Dr 2.50 USD, journal 0.00 USD, "
                + "missing Dr 2.50 USD");
    assertThat(report.toString()).startsWith("reconciliation found 2 differences in 7 cells:\n  ");
  }

  @Test
  void duplicatedEntryAndReratingWithoutAdjustmentAreFound() {
    List<JournalEntry> entries = posted();
    entries.add(journal.post(movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000)));

    assertThat(reconciliation.reconcile(charges, movements, entries).differences())
        .extracting(l -> l.key().role(), ReconciliationLine::differenceMinor)
        .containsExactly(
            tuple(PostingRole.CUSTOMER_PREPAYMENTS, 5000L),
            tuple(PostingRole.CASH_CLEARING, -5000L));

    // the charge was re-rated to 12.00 but only the original entry was booked
    List<ChargeFact> rerated = new ArrayList<>(charges);
    rerated.set(0, charges.get(0).withAmountMinor(1200));
    assertThat(reconciliation.reconcile(rerated, movements, posted()).isBalanced()).isFalse();
    List<JournalEntry> withAdjustment = posted();
    withAdjustment.add(journal.rerate(charges.get(0), rerated.get(0), "r1").orElseThrow());
    assertThat(reconciliation.reconcile(rerated, movements, withAdjustment).isBalanced()).isTrue();
  }

  @Test
  void reversedEntryIsFound() {
    List<JournalEntry> entries = posted();
    entries.add(Journal.reverse(entries.get(0), "wrongly reversed"));

    assertThat(reconciliation.reconcile(charges, movements, entries).differences()).hasSize(2);
  }
}

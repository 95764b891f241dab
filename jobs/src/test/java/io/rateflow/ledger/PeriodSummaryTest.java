package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.charge;
import static io.rateflow.ledger.LedgerFixtures.journal;
import static io.rateflow.ledger.LedgerFixtures.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Daily summaries, and late facts against exported summaries in open and closed periods. */
class PeriodSummaryTest {

  private final Journal journal = journal();

  private static List<String> lines(JournalEntry e) {
    return e.lines().stream()
        .map(
            l ->
                l.debitMinor() > 0
                    ? "Dr " + l.glAccount() + " " + l.debitMinor()
                    : "Cr " + l.glAccount() + " " + l.creditMinor())
        .toList();
  }

  private List<JournalEntry> day() {
    return List.of(
        journal.post(charge("1", 100)),
        journal.post(charge("2", 250)),
        journal.post(charge("3", 40, FundingSource.PREPAID)),
        journal.post(charge("4", 999, FundingSource.ALLOWANCE)), // memo: not summed
        journal.post(movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000)));
  }

  @Test
  void sumsLinesPerAccountProductDateGlAccountAndCurrency() {
    List<JournalEntry> summaries = PeriodSummary.summarize(day());

    // movements have no product: they form their own summary, ordered first (empty product)
    assertThat(summaries).hasSize(2);
    // lines come in role order (CUSTOMER_PREPAYMENTS before CASH_CLEARING), not by side
    assertThat(lines(summaries.get(0))).containsExactly("Cr 2300 5000", "Dr 1090 5000");
    JournalEntry usage = summaries.get(1);
    assertThat(usage.kind()).isEqualTo(EntryKind.SUMMARY);
    assertThat(lines(usage)).containsExactly("Dr 1210 350", "Cr 4000 390", "Dr 2300 40");
    assertThat(usage.entryId()).isEqualTo(SummaryKey.of(usage).summaryEntryId());
    assertThat(usage.description())
        .isEqualTo("Summary of 3 entries: account acct-1, product api-calls, 2026-01-15");
  }

  @Test
  void sameEntriesInAnyOrderGiveTheSameSummary() {
    List<JournalEntry> shuffled = new ArrayList<>(day());
    Collections.reverse(shuffled);

    assertThat(PeriodSummary.summarize(shuffled)).isEqualTo(PeriodSummary.summarize(day()));
  }

  @Test
  void lateFactInAnOpenPeriodReversesAndReplacesTheSummary() {
    JournalEntry exported = PeriodSummary.summarize(day()).get(1);
    JournalEntry late = journal.post(charge("5", 10));

    LateFactOutcome outcome =
        PeriodSummary.amend(exported, late, ClosedPeriods.none(), "late event").orElseThrow();

    assertThat(outcome).isInstanceOf(Adjustment.class);
    Adjustment adjustment = (Adjustment) outcome;
    assertThat(lines(adjustment.reversal()))
        .containsExactly("Cr 1210 350", "Dr 4000 390", "Cr 2300 40");
    assertThat(adjustment.reversal().originalEntryId()).isEqualTo(exported.entryId());
    JournalEntry replacement = adjustment.replacement();
    assertThat(lines(replacement)).containsExactly("Dr 1210 360", "Cr 4000 400", "Dr 2300 40");
    assertThat(replacement.kind()).isEqualTo(EntryKind.SUMMARY);
    assertThat(replacement.originalEntryId()).isEqualTo(exported.entryId());
    assertThat(replacement.sources())
        .extracting(SourceRef::toString)
        .containsExactly("JOURNAL_ENTRY:" + late.entryId());
    // the replacement equals a fresh summary of all entries, apart from id and audit fields
    JournalEntry fresh = PeriodSummary.summarize(append(day(), late)).get(1);
    assertThat(replacement.lines()).isEqualTo(fresh.lines());

    // a second late fact chains from the replacement, deterministically
    Adjustment second =
        (Adjustment)
            PeriodSummary.amend(
                    replacement, journal.post(charge("6", 1)), ClosedPeriods.none(), "late event")
                .orElseThrow();
    assertThat(second.replacement().entryId())
        .isEqualTo(EntryIds.of("REPLACEMENT", replacement.entryId()));
  }

  @Test
  void lateFactInAClosedPeriodBecomesACorrectionRecordAndPostsNothing() {
    JournalEntry exported = PeriodSummary.summarize(day()).get(1);
    JournalEntry late = journal.post(charge("5", 10));
    ClosedPeriods closed = ClosedPeriods.none().close("RF-US", YearMonth.of(2026, 1));

    LateFactOutcome outcome =
        PeriodSummary.amend(exported, late, closed, "late event").orElseThrow();

    assertThat(outcome).isInstanceOf(CorrectionRecord.class);
    CorrectionRecord record = (CorrectionRecord) outcome;
    assertThat(record.closedPeriod()).isEqualTo(YearMonth.of(2026, 1));
    assertThat(record.legalEntity()).isEqualTo("RF-US");
    assertThat(record.affectedEntryId()).isEqualTo(exported.entryId());
    assertThat(record.lateEntry()).isEqualTo(late);
    assertThat(record.correctionId())
        .isEqualTo(EntryIds.of("CORRECTION", exported.entryId(), late.entryId()));
    assertThat(record.reason())
        .isEqualTo(
            "late event: period 2026-01 of RF-US is closed, so late entry "
                + late.entryId()
                + " (USAGE_ON_ACCOUNT, 0.10 USD) was not added to summary "
                + exported.entryId()
                + "; book it in an open period or reopen 2026-01");
    // another entity's closed period does not matter
    assertThat(
            PeriodSummary.amend(
                    exported,
                    late,
                    ClosedPeriods.none().close("RF-DE", YearMonth.of(2026, 1)),
                    "late event")
                .orElseThrow())
        .isInstanceOf(Adjustment.class);
  }

  @Test
  void lateMemoChangesNothing() {
    JournalEntry exported = PeriodSummary.summarize(day()).get(1);

    assertThat(
            PeriodSummary.amend(
                exported, journal.post(charge("5", 0)), ClosedPeriods.none(), "late"))
        .isEmpty();
  }

  @Test
  void lateFactOfAnotherKeyOrANonSummaryIsRefused() {
    JournalEntry exported = PeriodSummary.summarize(day()).get(1);
    JournalEntry otherDay =
        journal.post(
            new ChargeFact(
                "c-9",
                "e-9",
                "acct-1",
                "api-calls",
                5,
                LedgerFixtures.USD,
                FundingSource.ON_ACCOUNT,
                null,
                LedgerFixtures.JAN_15.plusSeconds(86_400),
                "",
                "",
                "RF-US",
                "CUST-001"));

    assertThatThrownBy(() -> PeriodSummary.amend(exported, otherDay, ClosedPeriods.none(), "late"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("late entry " + otherDay.entryId());
    assertThatThrownBy(() -> PeriodSummary.amend(otherDay, otherDay, ClosedPeriods.none(), "late"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry " + otherDay.entryId() + " is a USAGE_ON_ACCOUNT, not a SUMMARY");
  }

  private static List<JournalEntry> append(List<JournalEntry> entries, JournalEntry more) {
    List<JournalEntry> all = new ArrayList<>(entries);
    all.add(more);
    return all;
  }
}

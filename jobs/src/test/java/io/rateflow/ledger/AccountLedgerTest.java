package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.JAN_15;
import static io.rateflow.ledger.LedgerFixtures.USD;
import static io.rateflow.ledger.LedgerFixtures.charge;
import static io.rateflow.ledger.LedgerFixtures.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One account's GL position at summary grain: open, closed, final, first-late, memo, movement,
 * detail.
 */
class AccountLedgerTest {

  private static final ChartBook CHARTS = ChartBook.of(LedgerFixtures.chart());
  private static final long NONE = Long.MIN_VALUE;

  /** 15 January ends in New York (RF-US) at 05:00 UTC on the 16th. */
  private static final long JAN_15_CLOSES =
      Instant.parse("2026-01-16T05:00:00Z").toEpochMilli() - 1;

  private static final long LATENESS = Duration.ofHours(6).toMillis();
  private static final String JAN_15_SUMMARY =
      new SummaryKey("RF-US", "acct-1", "api-calls", LocalDate.of(2026, 1, 15), USD)
          .summaryEntryId();

  private final Journal journal = LedgerFixtures.journal();
  private final AccountLedger ledger = new AccountLedger(new LedgerSettings(LATENESS, false));

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
  void chargesOfAnOpenDayRollIntoOneSummaryExportedWhenTheDayCloses() {
    List<JournalEntry> details = new ArrayList<>();
    for (ChargeFact c :
        List.of(charge("1", 100), charge("2", 250), charge("3", 40, FundingSource.PREPAID))) {
      LedgerOutcome out = ledger.post(c, CHARTS, NONE);
      assertThat(out.export()).isEmpty();
      assertThat(out.detail()).isEmpty();
      assertThat(out.journalEntryId()).isEqualTo(JAN_15_SUMMARY);
      details.add(journal.post(c));
    }
    assertThat(ledger.nextDeadline()).isEqualTo(JAN_15_CLOSES);
    assertThat(ledger.advance(JAN_15_CLOSES - 1).isEmpty()).isTrue();

    LedgerOutcome closed = ledger.advance(JAN_15_CLOSES);

    assertThat(closed.export()).hasSize(1);
    JournalEntry summary = closed.export().get(0);
    assertThat(summary.kind()).isEqualTo(EntryKind.SUMMARY);
    assertThat(summary.entryId()).isEqualTo(JAN_15_SUMMARY);
    // exactly the summary the detail entries give
    assertThat(summary).isEqualTo(PeriodSummary.summarize(details).get(0));
    assertThat(lines(summary)).containsExactly("Dr 1210 350", "Cr 4000 390", "Dr 2300 40");
    // kept for late facts until the allowed lateness has passed, then forgotten
    assertThat(ledger.nextDeadline()).isEqualTo(JAN_15_CLOSES + LATENESS);
    assertThat(ledger.advance(JAN_15_CLOSES + LATENESS - 1).isEmpty()).isTrue();
    assertThat(ledger.isEmpty()).isFalse();
    assertThat(ledger.advance(JAN_15_CLOSES + LATENESS).isEmpty()).isTrue();
    assertThat(ledger.isEmpty()).isTrue();
    assertThat(ledger.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aLateChargeWithinTheAllowedLatenessReversesAndReplacesTheExportedSummary() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    JournalEntry exported = ledger.advance(JAN_15_CLOSES).export().get(0);

    LedgerOutcome late = ledger.post(charge("2", 10), CHARTS, JAN_15_CLOSES + 1000);

    assertThat(late.export()).hasSize(2);
    JournalEntry reversal = late.export().get(0);
    JournalEntry replacement = late.export().get(1);
    assertThat(reversal.kind()).isEqualTo(EntryKind.REVERSAL);
    assertThat(reversal.originalEntryId()).isEqualTo(JAN_15_SUMMARY);
    assertThat(lines(reversal)).containsExactly("Cr 1210 100", "Dr 4000 100");
    assertThat(replacement.kind()).isEqualTo(EntryKind.SUMMARY);
    assertThat(replacement.originalEntryId()).isEqualTo(JAN_15_SUMMARY);
    assertThat(lines(replacement)).containsExactly("Dr 1210 110", "Cr 4000 110");
    // the same pair PeriodSummary.amend gives for the exported summary and the late entry
    Adjustment expected =
        (Adjustment)
            PeriodSummary.amend(
                    exported,
                    journal.post(charge("2", 10)),
                    ClosedPeriods.none(),
                    "late entry "
                        + journal.post(charge("2", 10)).entryId()
                        + " within the allowed lateness")
                .orElseThrow();
    assertThat(late.export()).isEqualTo(expected.entries());
    // the late charge drills down to the replacement
    assertThat(late.journalEntryId()).isEqualTo(replacement.entryId());

    LedgerOutcome again = ledger.post(charge("3", 5), CHARTS, JAN_15_CLOSES + 2000);
    assertThat(again.export().get(0).originalEntryId()).isEqualTo(replacement.entryId());
    assertThat(again.export().get(1).entryId())
        .isEqualTo(EntryIds.of("REPLACEMENT", replacement.entryId()));
    assertThat(lines(again.export().get(1))).containsExactly("Dr 1210 115", "Cr 4000 115");
    assertThat(again.journalEntryId()).isEqualTo(again.export().get(1).entryId());
  }

  @Test
  void afterARestoreWhoseWatermarkStartsAgainAtNoneNoExportedOrFinalDayIsReopened() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    ledger.advance(JAN_15_CLOSES);
    AccountLedger restored = AccountLedger.fromBytes(ledger.toBytes());

    // the job's watermark is back at none: the exported day is still amended, never summed silently
    assertThat(restored.post(charge("2", 10), CHARTS, NONE).export())
        .extracting(JournalEntry::kind)
        .containsExactly(EntryKind.REVERSAL, EntryKind.SUMMARY);

    restored.advance(JAN_15_CLOSES + LATENESS);
    AccountLedger again = AccountLedger.fromBytes(restored.toBytes());
    // final: a correction, not a second summary with the same id
    LedgerOutcome late = again.post(charge("3", 1), CHARTS, NONE);
    assertThat(late.export()).isEmpty();
    assertThat(late.corrections()).hasSize(1);
  }

  @Test
  void aLateChargeForADayThatHadNothingBecomesItsFirstSummary() {
    LedgerOutcome late = ledger.post(charge("1", 70), CHARTS, JAN_15_CLOSES + 1);

    assertThat(late.export())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(EntryKind.SUMMARY);
              assertThat(s.entryId()).isEqualTo(JAN_15_SUMMARY);
              assertThat(lines(s)).containsExactly("Dr 1210 70", "Cr 4000 70");
            });
    assertThat(late.journalEntryId()).isEqualTo(JAN_15_SUMMARY);
    assertThat(ledger.nextDeadline()).isEqualTo(JAN_15_CLOSES + LATENESS);
    // a second one replaces it
    assertThat(ledger.post(charge("2", 1), CHARTS, JAN_15_CLOSES + 2).export())
        .extracting(JournalEntry::kind)
        .containsExactly(EntryKind.REVERSAL, EntryKind.SUMMARY);
  }

  @Test
  void aChargeLaterThanTheAllowedLatenessBecomesACorrectionAndPostsNothing() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    ledger.advance(JAN_15_CLOSES);
    long watermark = JAN_15_CLOSES + LATENESS;

    LedgerOutcome late = ledger.post(charge("2", 10), CHARTS, watermark);

    // the day is final: dropped at this watermark, and the charge corrected
    assertThat(late.export()).isEmpty();
    assertThat(late.journalEntryId()).isNull();
    CorrectionRecord c = late.corrections().get(0);
    JournalEntry entry = journal.post(charge("2", 10));
    assertThat(c.lateEntry()).isEqualTo(entry);
    assertThat(c.affectedEntryId()).isEqualTo(JAN_15_SUMMARY);
    assertThat(c.correctionId())
        .isEqualTo(EntryIds.of("CORRECTION", JAN_15_SUMMARY, entry.entryId()));
    assertThat(c.reason())
        .contains("allowed lateness PT6H")
        .contains("the summary of that day is final");
    assertThat(ledger.isEmpty()).isTrue();
  }

  @Test
  void withoutLatenessADayIsFinalWhenItClosesAndACorrectionNamesItsFirstSummary() {
    AccountLedger strict = new AccountLedger(new LedgerSettings(0, false));
    strict.post(charge("1", 100), CHARTS, NONE);

    // lateness 0: the day is exported and final at once
    assertThat(strict.advance(JAN_15_CLOSES).export()).hasSize(1);
    assertThat(strict.isEmpty()).isTrue();
    CorrectionRecord c = strict.post(charge("2", 1), CHARTS, JAN_15_CLOSES).corrections().get(0);
    assertThat(c.affectedEntryId()).isEqualTo(JAN_15_SUMMARY);

    // a replaced day too: the replacements name the first summary in original_entry_id
    ledger.post(charge("3", 100), CHARTS, NONE);
    ledger.advance(JAN_15_CLOSES);
    ledger.post(charge("4", 1), CHARTS, JAN_15_CLOSES + 1);
    assertThat(
            ledger
                .post(charge("5", 1), CHARTS, JAN_15_CLOSES + LATENESS)
                .corrections()
                .get(0)
                .affectedEntryId())
        .isEqualTo(JAN_15_SUMMARY);
  }

  @Test
  void memoChargesGetNoSummaryAndNoId() {
    assertThat(ledger.post(charge("1", 999, FundingSource.ALLOWANCE), CHARTS, NONE))
        .isEqualTo(LedgerOutcome.NONE);
    assertThat(ledger.post(charge("2", 0), CHARTS, NONE)).isEqualTo(LedgerOutcome.NONE);
    // not even late ones
    assertThat(ledger.post(charge("3", 0), CHARTS, Long.MAX_VALUE)).isEqualTo(LedgerOutcome.NONE);
    assertThat(ledger.isEmpty()).isTrue();
  }

  @Test
  void movementsAreExportedAtOnceOneEntryEachMemosIncluded() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    MovementFact topUp = movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000);
    MovementFact promo = movement("2", MovementKind.GRANT, GrantKind.PROMOTIONAL, 300);

    assertThat(ledger.post(topUp, CHARTS, NONE).export()).containsExactly(journal.post(topUp));
    LedgerOutcome memo = ledger.post(promo, CHARTS, NONE);
    assertThat(memo.export()).containsExactly(journal.post(promo));
    assertThat(memo.export().get(0).isMemo()).isTrue();
    assertThat(memo.journalEntryId()).isNull();
    // never summed: the open day still holds the one charge
    assertThat(lines(ledger.advance(Long.MAX_VALUE).export().get(0)))
        .containsExactly("Dr 1210 100", "Cr 4000 100");
  }

  @Test
  void aMovementCarriesTheDaysTheWatermarkClosedBeforeIt() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    MovementFact m = movement("1", MovementKind.TOP_UP, GrantKind.PREPAID, 5000);

    assertThat(ledger.post(m, CHARTS, JAN_15_CLOSES).export())
        .extracting(JournalEntry::kind)
        .containsExactly(EntryKind.SUMMARY, EntryKind.PREPAID_TOP_UP);
  }

  @Test
  void detailEntriesOnlyWhenAskedOneEntryPerChargeMemosIncluded() {
    AccountLedger detailed = new AccountLedger(new LedgerSettings(LATENESS, true));
    ChargeFact c1 = charge("1", 100);
    ChargeFact memo = charge("2", 5, FundingSource.ALLOWANCE);
    ChargeFact corrected = charge("3", 7);

    assertThat(detailed.post(c1, CHARTS, NONE).detail()).containsExactly(journal.post(c1));
    LedgerOutcome m = detailed.post(memo, CHARTS, NONE);
    assertThat(m.detail()).containsExactly(journal.post(memo));
    assertThat(m.journalEntryId()).isNull();
    LedgerOutcome late = detailed.post(corrected, CHARTS, Long.MAX_VALUE);
    assertThat(late.detail()).containsExactly(journal.post(corrected));
    assertThat(late.corrections()).hasSize(1);
    // off: none
    assertThat(ledger.post(c1, CHARTS, NONE).detail()).isEmpty();
  }

  @Test
  void aChargeOfALaterDayFirstExportsTheDaysTheWatermarkClosed() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    ChargeFact nextDay =
        new ChargeFact(
            "c-2",
            "e-2",
            "acct-1",
            "api-calls",
            30,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15.plus(Duration.ofDays(1)),
            "us-east",
            "smb",
            "RF-US",
            "CUST-001");

    LedgerOutcome out = ledger.post(nextDay, CHARTS, JAN_15_CLOSES + 10);

    assertThat(out.export()).extracting(JournalEntry::entryId).containsExactly(JAN_15_SUMMARY);
    assertThat(out.journalEntryId())
        .isEqualTo(
            new SummaryKey("RF-US", "acct-1", "api-calls", LocalDate.of(2026, 1, 16), USD)
                .summaryEntryId());
    // the next deadline is the older day's finalisation, before the new day's close
    assertThat(ledger.nextDeadline()).isEqualTo(JAN_15_CLOSES + LATENESS);
  }

  @Test
  void theDayIsTheLegalEntitysOwn() {
    // 16:00 UTC on the 15th is the 16th in Tokyo; that day ends at 15:00 UTC on the 16th
    ChargeFact tokyo =
        new ChargeFact(
            "c-1",
            "e-1",
            "acct-1",
            "api-calls",
            500,
            LedgerFixtures.JPY,
            FundingSource.ON_ACCOUNT,
            null,
            Instant.parse("2026-01-15T16:00:00Z"),
            "",
            "",
            "RF-JP",
            "CUST-001");

    LedgerOutcome out = ledger.post(tokyo, CHARTS, NONE);

    assertThat(out.journalEntryId())
        .isEqualTo(
            new SummaryKey(
                    "RF-JP", "acct-1", "api-calls", LocalDate.of(2026, 1, 16), LedgerFixtures.JPY)
                .summaryEntryId());
    assertThat(ledger.nextDeadline())
        .isEqualTo(Instant.parse("2026-01-16T15:00:00Z").toEpochMilli() - 1);
  }

  @Test
  void daysOfSeveralProductsCurrenciesAndEntitiesCloseInOrderOfTheirEnd() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    ledger.post(
        new ChargeFact(
            "c-2",
            "e-2",
            "acct-1",
            "gpu-seconds",
            9,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "",
            "",
            "RF-US",
            "CUST-001"),
        CHARTS,
        NONE);
    ledger.post(
        new ChargeFact(
            "c-3",
            "e-3",
            "acct-1",
            "api-calls",
            9,
            LedgerFixtures.EUR,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "",
            "",
            "RF-DE",
            "CUST-001"),
        CHARTS,
        NONE);

    // Berlin's day ends first (23:00 UTC), then New York's two products in key order
    assertThat(ledger.nextDeadline())
        .isEqualTo(Instant.parse("2026-01-15T23:00:00Z").toEpochMilli() - 1);
    List<JournalEntry> all = ledger.advance(Long.MAX_VALUE).export();
    assertThat(all)
        .extracting(JournalEntry::legalEntity)
        .containsExactly("RF-DE", "RF-US", "RF-US");
    assertThat(all)
        .extracting(e -> e.lines().get(0).dimensions().product())
        .containsExactly("api-calls", "api-calls", "gpu-seconds");
    assertThat(ledger.isEmpty()).isTrue();
  }

  @Test
  void aFactThatCannotBePostedFailsAsTheJournalDoesAndChangesNothing() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    byte[] before = ledger.toBytes();
    ChargeFact beforeChart =
        new ChargeFact(
            "c-2",
            "e-2",
            "acct-1",
            "api-calls",
            5,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            Instant.parse("2025-12-31T12:00:00Z"),
            "",
            "",
            "RF-US",
            "CUST-001");
    ChargeFact unknownEntity =
        new ChargeFact(
            "c-3",
            "e-3",
            "acct-1",
            "api-calls",
            5,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "",
            "",
            "RF-XX",
            "CUST-001");
    ChargeFact otherAccount =
        new ChargeFact(
            "c-4",
            "e-4",
            "acct-2",
            "api-calls",
            5,
            USD,
            FundingSource.ON_ACCOUNT,
            null,
            JAN_15,
            "",
            "",
            "RF-US",
            "CUST-002");

    assertThatThrownBy(() -> ledger.post(beforeChart, CHARTS, JAN_15_CLOSES))
        .isInstanceOf(PostingException.class)
        .hasMessage(catchMessage(() -> journal.post(beforeChart)));
    assertThatThrownBy(() -> ledger.post(unknownEntity, CHARTS, JAN_15_CLOSES))
        .isInstanceOf(PostingException.class)
        .hasMessage(catchMessage(() -> journal.post(unknownEntity)));
    assertThatThrownBy(() -> ledger.post(otherAccount, CHARTS, JAN_15_CLOSES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acct-2");
    // not even the watermark was applied
    assertThat(ledger.toBytes()).isEqualTo(before);
  }

  @Test
  void aNetZeroDayStillExportsItsSummarySoItsChargesCanDrillDown() {
    ledger.post(charge("1", 100), CHARTS, NONE);
    ledger.post(charge("2", -100), CHARTS, NONE);

    JournalEntry summary = ledger.advance(JAN_15_CLOSES).export().get(0);

    assertThat(summary.entryId()).isEqualTo(JAN_15_SUMMARY);
    assertThat(summary.isMemo()).isTrue();
    // a late charge then replaces the empty summary
    assertThat(ledger.post(charge("3", 4), CHARTS, JAN_15_CLOSES + 1).export().get(1).lines())
        .hasSize(2);
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
      throw new AssertionError("expected a failure");
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  @Test
  void recurringChargesProrationCreditsAndTrueUpsBookTheirOwnLinesInTheDaysSummaries() {
    ChartBook charts = ChartBook.of(LedgerFixtures.chartWithRecurring());
    Journal withRecurring = new Journal(charts);
    List<ChargeFact> seats =
        List.of(
            charge("1", 1000, RevenueKind.RECURRING, "seats"),
            charge("2", 300, RevenueKind.PRORATION, "seats"),
            charge("3", -200, RevenueKind.PRORATION, "seats"));
    ChargeFact trueUp = charge("4", 2500, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend");
    for (ChargeFact c : seats) {
      ledger.post(c, charts, NONE);
    }
    ledger.post(trueUp, charts, NONE);

    List<JournalEntry> summaries = ledger.advance(JAN_15_CLOSES).export();

    // one summary per product, as for usage; each kind on its own role and account
    assertThat(summaries).hasSize(2);
    JournalEntry trueUpDay = summaries.get(0);
    JournalEntry seatsDay = summaries.get(1);
    assertThat(lines(seatsDay)).containsExactly("Dr 1210 1100", "Cr 4100 1300", "Dr 4950 200");
    assertThat(seatsDay.lines())
        .extracting(JournalLine::role)
        .containsExactly(
            PostingRole.RECEIVABLE_UNBILLED,
            PostingRole.RECURRING_REVENUE,
            PostingRole.PRORATION_CREDITS);
    assertThat(seatsDay)
        .isEqualTo(
            PeriodSummary.summarize(seats.stream().map(withRecurring::post).toList()).get(0));
    assertThat(lines(trueUpDay)).containsExactly("Dr 1210 2500", "Cr 4200 2500");
    assertThat(trueUpDay.lines().get(1).role()).isEqualTo(PostingRole.MINIMUM_COMMITMENT_REVENUE);
    for (JournalEntry e : summaries) {
      assertThat(e.totalDebitMinor()).isEqualTo(e.totalCreditMinor());
    }

    // a late charge lowering the true-up: reversal and a replacement with the lower total
    LedgerOutcome late =
        ledger.post(
            charge("5", -400, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend"),
            charts,
            JAN_15_CLOSES + 1);
    assertThat(late.export())
        .extracting(JournalEntry::kind)
        .containsExactly(EntryKind.REVERSAL, EntryKind.SUMMARY);
    assertThat(lines(late.export().get(1))).containsExactly("Dr 1210 2100", "Cr 4200 2100");
  }
}

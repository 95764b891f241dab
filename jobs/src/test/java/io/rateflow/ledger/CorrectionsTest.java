package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.charge;
import static io.rateflow.ledger.LedgerFixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reversal, replacement and re-rating: history is never edited, only added to. */
class CorrectionsTest {

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

  @Test
  void reversalSwapsDebitsAndCreditsAndReferencesTheOriginal() {
    JournalEntry original = journal.post(charge("1", 1234));
    JournalEntry reversal = Journal.reverse(original, "duplicate event");

    assertThat(reversal.kind()).isEqualTo(EntryKind.REVERSAL);
    assertThat(lines(reversal)).containsExactly("Cr 1210 1234", "Dr 4000 1234");
    assertThat(reversal.originalEntryId()).isEqualTo(original.entryId());
    assertThat(reversal.entryId())
        .isEqualTo(EntryIds.of("REVERSAL", original.entryId()))
        .isEqualTo(Journal.reverse(original, "another reason").entryId());
    assertThat(reversal.postingDate()).isEqualTo(original.postingDate());
    assertThat(reversal.sources())
        .extracting(SourceRef::toString)
        .containsExactly("CHARGE:c-1", "EVENT:e-1", "JOURNAL_ENTRY:" + original.entryId());
    assertThat(reversal.description())
        .isEqualTo("Reversal of " + original.entryId() + " (USAGE_ON_ACCOUNT): duplicate event");
  }

  @Test
  void reversalCanBePostedInALaterOpenPeriod() {
    JournalEntry original = journal.post(charge("1", 100));
    JournalEntry reversal = Journal.reverse(original, "January closed", LocalDate.of(2026, 2, 3));

    assertThat(reversal.period()).isEqualTo(YearMonth.of(2026, 2));
  }

  @Test
  void replacementReversesTheOriginalAndPostsTheCorrectedFact() {
    JournalEntry original = journal.post(charge("1", 1000));
    Adjustment adjustment =
        journal.replace(
            original, charge("1", 1000, FundingSource.PREPAID), "funded from prepaid credit");

    assertThat(lines(adjustment.reversal())).containsExactly("Cr 1210 1000", "Dr 4000 1000");
    JournalEntry replacement = adjustment.replacement();
    assertThat(lines(replacement)).containsExactly("Dr 2300 1000", "Cr 4000 1000");
    assertThat(replacement.kind()).isEqualTo(EntryKind.USAGE_PREPAID);
    assertThat(replacement.originalEntryId()).isEqualTo(original.entryId());
    assertThat(replacement.entryId())
        .isEqualTo(EntryIds.of("REPLACEMENT", original.entryId()))
        .isNotEqualTo(original.entryId());
    assertThat(adjustment.entries()).containsExactly(adjustment.reversal(), replacement);
  }

  @Test
  void reratingUpBooksOnlyTheIncrease() {
    ChargeFact before = charge("1", 1000);
    JournalEntry adjustment =
        journal.rerate(before, before.withAmountMinor(1250), "rules-v7").orElseThrow();

    assertThat(adjustment.kind()).isEqualTo(EntryKind.RERATE_ADJUSTMENT);
    assertThat(lines(adjustment)).containsExactly("Dr 1210 250", "Cr 4000 250");
    assertThat(adjustment.originalEntryId()).isEqualTo(journal.post(before).entryId());
    assertThat(adjustment.description())
        .isEqualTo(
            "Re-rating rules-v7 of event e-1: 10.00 USD ON_ACCOUNT -> 12.50 USD ON_ACCOUNT (difference 2.50 USD)");
  }

  @Test
  void reratingDownBooksTheDecreaseOnReverseSides() {
    ChargeFact before = charge("1", 1000);
    JournalEntry adjustment =
        journal.rerate(before, before.withAmountMinor(900), "rules-v7").orElseThrow();

    assertThat(lines(adjustment)).containsExactly("Cr 1210 100", "Dr 4000 100");
  }

  @Test
  void reratingToTheSameAmountBooksNothing() {
    ChargeFact before = charge("1", 1000);

    assertThat(journal.rerate(before, before, "rules-v7")).isEmpty();
  }

  @Test
  void reratingWithAnotherFundingSourceMovesTheFundingAndTheDifference() {
    ChargeFact before = charge("1", 1000);
    ChargeFact after = before.withAmountMinor(1200).withFunding(FundingSource.PREPAID, "g-1");

    // receivable fully reversed, prepayments used, revenue up by the difference only
    assertThat(lines(journal.rerate(before, after, "r2").orElseThrow()))
        .containsExactly("Cr 1210 1000", "Cr 4000 200", "Dr 2300 1200");
  }

  @Test
  void eachReratingRevisionHasItsOwnStableId() {
    ChargeFact v1 = charge("1", 1000);
    ChargeFact v2 = v1.withAmountMinor(1100);
    String up = journal.rerate(v1, v2, "r1").orElseThrow().entryId();
    String down = journal.rerate(v2, v1, "r2").orElseThrow().entryId();
    String upAgain = journal.rerate(v1, v2, "r3").orElseThrow().entryId();

    assertThat(List.of(up, down, upAgain)).doesNotHaveDuplicates();
    assertThat(journal.rerate(v1, v2, "r1").orElseThrow().entryId()).isEqualTo(up);
  }

  @Test
  void reratingAnotherEventIsRefused() {
    assertThatThrownBy(() -> journal.rerate(charge("1", 1), charge("2", 1), "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "re-rating must keep event, account and currency: charge c-1 (event e-1, acct-1, USD) "
                + "vs charge c-2 (event e-2, acct-1, USD)");
  }
}

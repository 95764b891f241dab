package io.rateflow.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PromotionTriggerRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void equalOutcomesHold() {
    Comparison c =
        Comparison.of(
            outcome(charge("c1", 100, "USD"), charge("c2", 5, "EUR")),
            outcome(charge("c2", 5, "EUR"), charge("c1", 100, "USD")));
    assertThat(c.holds()).isTrue();
    assertThat(Comparison.total(c.amountDifference())).isZero();
  }

  @Test
  void aChargeCommittedTwiceIsADuplicateAndItsSecondCopyAnAmountDifference() {
    Comparison c =
        Comparison.of(
            outcome(charge("c1", 100, "USD"), charge("c1", 100, "USD")),
            outcome(charge("c1", 100, "USD")));
    assertThat(c.duplicates()).containsEntry("charges", 1L);
    assertThat(c.amountDifference()).containsEntry("USD", 100L);
    assertThat(c.holds()).isFalse();
  }

  @Test
  void missingUnexpectedAndDifferentAmountsAreCountedPerCurrency() {
    Comparison c =
        Comparison.of(
            outcome(charge("c1", 90, "USD"), charge("extra", 7, "EUR")),
            outcome(charge("c1", 100, "USD"), charge("lost", 300, "JPY")));
    assertThat(c.missing()).containsEntry("charges", 1L);
    assertThat(c.unexpected()).containsEntry("charges", 1L);
    assertThat(c.amountDifference())
        .containsEntry("USD", 10L)
        .containsEntry("EUR", 7L)
        .containsEntry("JPY", 300L);
    assertThat(c.holds()).isFalse();
  }

  @Test
  void triggersAndJournalIdsAreComparedByIdAndCopies() {
    Outcome committed = outcome();
    committed.addTrigger(trigger("t1"));
    committed.addTrigger(trigger("t1"));
    committed.addJournalEntryId("j1");
    Outcome reference = outcome();
    reference.addTrigger(trigger("t1"));
    reference.addJournalEntryId("j1");
    reference.addJournalEntryId("j2");
    Comparison c = Comparison.of(committed, reference);
    assertThat(c.duplicates()).containsEntry("triggers", 1L);
    assertThat(c.missing()).containsEntry("journal_entries", 1L);
    assertThat(c.holds()).isFalse();
  }

  @Test
  void aDayClosedEarlyInTheRunAndAmendedLaterNetsToTheReferencesSummary() {
    Outcome reference = outcome();
    reference.addJournalEntry(entry("s1", "SUMMARY", null, 110));
    Outcome committed = outcome();
    committed.addJournalEntry(entry("s1", "SUMMARY", null, 100));
    committed.addJournalEntry(entry("rev-s1", "REVERSAL", "s1", -100));
    committed.addJournalEntry(entry("r1", "SUMMARY", "s1", 110));

    Comparison c = Comparison.of(committed, reference);

    // reversal and replacement are no unexpected ids: they net to the reference's summary
    assertThat(c.unexpected()).containsEntry("journal_entries", 0L);
    assertThat(c.holds()).isTrue();
  }

  @Test
  void aChainThatDoesNotNetToTheReferenceIsAJournalAmountDifference() {
    Outcome reference = outcome();
    reference.addJournalEntry(entry("s1", "SUMMARY", null, 110));
    Outcome committed = outcome();
    committed.addJournalEntry(entry("s1", "SUMMARY", null, 100));
    committed.addJournalEntry(entry("r1", "SUMMARY", "s1", 110)); // its reversal lost
    committed.addJournalEntry(entry("r1", "SUMMARY", "s1", 110)); // and a copy

    Comparison c = Comparison.of(committed, reference);

    assertThat(c.amountDifference()).containsEntry("journal USD", 100L);
    assertThat(c.duplicates()).containsEntry("journal_entries", 1L);
    assertThat(c.holds()).isFalse();
  }

  @Test
  void aChargeMustDrillDownToTheSameFirstSummaryAsInTheReference() {
    Outcome reference = outcome(charge("c1", 110, "USD", "s1"), charge("c2", 5, "USD", "s2"));
    reference.addJournalEntry(entry("s1", "SUMMARY", null, 110));
    reference.addJournalEntry(entry("s2", "SUMMARY", null, 5));
    // c1 came after its day closed in the run: it names the replacement, which leads back to s1
    Outcome committed = outcome(charge("c1", 110, "USD", "r1"), charge("c2", 5, "USD", "s1"));
    committed.addJournalEntry(entry("s1", "SUMMARY", null, 100));
    committed.addJournalEntry(entry("rev-s1", "REVERSAL", "s1", -100));
    committed.addJournalEntry(entry("r1", "SUMMARY", "s1", 110));
    committed.addJournalEntry(entry("s2", "SUMMARY", null, 5));

    Comparison c = Comparison.of(committed, reference);

    // c2 names the wrong summary
    assertThat(c.unexpected()).containsEntry("charge_journal_entry_ids", 1L);
    assertThat(c.examples().get("charge journal_entry_id"))
        .startsWith("c2: committed s1, reference s2");
    assertThat(c.holds()).isFalse();
  }

  private static Charge charge(String id, long minor, String currency, String journalEntryId) {
    Charge c = charge(id, minor, currency);
    c.setJournalEntryId(journalEntryId);
    return c;
  }

  /** A one-cell entry: {@code netDebit} on receivables (credit when negative). */
  private static io.rateflow.avro.JournalEntry entry(
      String id, String kind, String original, long netDebit) {
    return io.rateflow.avro.JournalEntry.newBuilder()
        .setEntryId(id)
        .setKind(kind)
        .setAccountId("a")
        .setLegalEntity("RF-US")
        .setPostingDate(java.time.LocalDate.of(2026, 1, 15))
        .setPeriod("2026-01")
        .setCurrency("USD")
        .setCurrencyDigits(2)
        .setLines(
            List.of(
                new io.rateflow.avro.JournalLine(
                    1,
                    "RECEIVABLE_UNBILLED",
                    "1210",
                    Math.max(netDebit, 0),
                    Math.max(-netDebit, 0),
                    new io.rateflow.avro.JournalDimensions("RF-US", "C", "api", ""))))
        .setSources(List.of())
        .setOriginalEntryId(original)
        .setDescription("")
        .setChartId("gl")
        .setChartVersion(1)
        .build();
  }

  @Test
  void finalBalancesDifferWhenAnAmountDiffersButNotWhenOnlyTheirTimeDoes() {
    Outcome committed = outcome();
    committed.setBalance(view("a", 500, Instant.parse("2026-12-01T10:00:00Z")));
    Outcome reference = outcome();
    reference.setBalance(view("a", 500, Instant.parse("2026-12-01T11:00:00Z")));
    assertThat(Comparison.of(committed, reference).balancesEqual()).isTrue();

    reference.setBalance(view("a", 499, Instant.parse("2026-12-01T11:00:00Z")));
    Comparison c = Comparison.of(committed, reference);
    assertThat(c.balancesDiffering()).isEqualTo(1);
    assertThat(c.holds()).isFalse();
  }

  private static Outcome outcome(Charge... charges) {
    Outcome o = Outcome.empty();
    for (Charge c : charges) {
      o.addCharge(c);
    }
    return o;
  }

  private static Charge charge(String id, long minor, String currency) {
    Charge c = new Charge();
    c.setChargeId(id);
    c.setAmountMinor(minor);
    c.setCurrency(currency);
    return c;
  }

  private static PromotionTriggerRecord trigger(String id) {
    PromotionTriggerRecord t = new PromotionTriggerRecord();
    t.setTriggerId(id);
    return t;
  }

  private static BalanceView view(String account, long prepaid, Instant asOf) {
    return BalanceView.newBuilder()
        .setAccountId(account)
        .setCurrency("EUR")
        .setCurrencyDigits(2)
        .setAsOf(asOf)
        .setPrepaidMinor(prepaid)
        .setPromotionalMinor(0)
        .setOverdraftMinor(0)
        .setCreditLimitMinor(0)
        .setGrants(List.of())
        .setAllowances(List.of())
        .build();
  }
}

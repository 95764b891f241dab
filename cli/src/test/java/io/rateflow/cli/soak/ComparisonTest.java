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
    Comparison c = Comparison.of(outcome(charge("c1", 100, "USD"), charge("c2", 5, "EUR")),
        outcome(charge("c2", 5, "EUR"), charge("c1", 100, "USD")));
    assertThat(c.holds()).isTrue();
    assertThat(Comparison.total(c.amountDifference())).isZero();
  }

  @Test
  void aChargeCommittedTwiceIsADuplicateAndItsSecondCopyAnAmountDifference() {
    Comparison c = Comparison.of(outcome(charge("c1", 100, "USD"), charge("c1", 100, "USD")), outcome(charge("c1", 100, "USD")));
    assertThat(c.duplicates()).containsEntry("charges", 1L);
    assertThat(c.amountDifference()).containsEntry("USD", 100L);
    assertThat(c.holds()).isFalse();
  }

  @Test
  void missingUnexpectedAndDifferentAmountsAreCountedPerCurrency() {
    Comparison c = Comparison.of(
        outcome(charge("c1", 90, "USD"), charge("extra", 7, "EUR")),
        outcome(charge("c1", 100, "USD"), charge("lost", 300, "JPY")));
    assertThat(c.missing()).containsEntry("charges", 1L);
    assertThat(c.unexpected()).containsEntry("charges", 1L);
    assertThat(c.amountDifference()).containsEntry("USD", 10L).containsEntry("EUR", 7L).containsEntry("JPY", 300L);
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
    return BalanceView.newBuilder().setAccountId(account).setCurrency("EUR").setCurrencyDigits(2).setAsOf(asOf)
        .setPrepaidMinor(prepaid).setPromotionalMinor(0).setOverdraftMinor(0).setCreditLimitMinor(0)
        .setGrants(List.of()).setAllowances(List.of()).build();
  }
}

package io.rateflow.balances.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BalanceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A trigger fires exactly once per downward crossing, whatever the path of the balance. */
class TriggerBookProperties {
  private static final long THRESHOLD = 1000;
  private static final TriggerPolicy POLICY =
      new TriggerPolicy(List.of(THRESHOLD), List.of(), List.of(), 0, 0, false);

  @Property(tries = 500)
  void firesOncePerCrossingAndReArmsAfterClearing(@ForAll("balances") List<Long> balances) {
    TriggerBook book = TriggerBook.empty();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    int fired = 0;
    int crossings = 0;
    boolean wasBelow = false;
    Set<String> ids = new HashSet<>();
    for (long balance : balances) {
      t = t.plus(Duration.ofMinutes(1));
      TriggerEvaluation e = book.evaluate(snapshot(balance, t), POLICY, t, null);
      book = e.book();
      fired += e.fired().size();
      e.fired().forEach(tr -> assertThat(ids.add(tr.id())).as("trigger ids are unique").isTrue());
      boolean below = balance < THRESHOLD;
      if (below && !wasBelow) {
        crossings++;
      }
      wasBelow = below;
      assertThat(book.size()).isEqualTo(below ? 1 : 0);
    }
    assertThat(fired).isEqualTo(crossings);
  }

  @Property(tries = 200)
  void replayingTheSameInputsGivesTheSameTriggers(@ForAll("balances") List<Long> balances) {
    assertThat(run(balances)).isEqualTo(run(balances));
  }

  private static List<Trigger> run(List<Long> balances) {
    TriggerBook book = TriggerBook.empty();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<Trigger> all = new java.util.ArrayList<>();
    for (long balance : balances) {
      t = t.plus(Duration.ofMinutes(1));
      TriggerEvaluation e = book.evaluate(snapshot(balance, t), POLICY, t, null);
      book = e.book();
      all.addAll(e.fired());
    }
    return all;
  }

  @Provide
  Arbitrary<List<Long>> balances() {
    return Arbitraries.longs().between(0, 2000).list().ofMaxSize(40);
  }

  private static BalanceSnapshot snapshot(long balance, Instant at) {
    return new BalanceSnapshot(
        "acct-1",
        Currency.getInstance("EUR"),
        at,
        AccountMode.PREPAID_ONLY,
        0,
        0,
        balance,
        0,
        List.of(),
        List.of(),
        5000,
        0,
        null);
  }
}

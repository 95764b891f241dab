package io.rateflow.balances.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BillingCycle;
import io.rateflow.balances.CommandResult;
import io.rateflow.balances.DeterministicId;
import io.rateflow.balances.Funding;
import io.rateflow.balances.Grant;
import io.rateflow.balances.GrantKind;
import io.rateflow.balances.SetCreditLimit;
import io.rateflow.balances.TopUp;
import io.rateflow.balances.Wallet;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each trigger: fires once per crossing (or period), re-arms when its condition clears. */
class TriggerBookTest {
  static final Currency EUR = Currency.getInstance("EUR");
  static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant day(int n) {
    return JAN_1.plus(Duration.ofDays(n));
  }

  private static Wallet apply(Wallet w, io.rateflow.balances.BalanceCommand c) {
    CommandResult r = w.apply(c);
    assertThat(r).isInstanceOf(CommandResult.Applied.class);
    return r.wallet();
  }

  /** Drives a wallet and a trigger book together, as the operator will. */
  private static final class Account {
    Wallet wallet;
    TriggerBook book = TriggerBook.empty();
    final TriggerPolicy policy;

    Account(Wallet wallet, TriggerPolicy policy) {
      this.wallet = wallet;
      this.policy = policy;
    }

    List<Trigger> use(Instant at, String meter, String units, long charge) {
      Funding f = wallet.fund(at, meter, new BigDecimal(units), charge, EUR, "u-" + at + units);
      wallet = f.wallet();
      return evaluate(at, f);
    }

    List<Trigger> command(io.rateflow.balances.BalanceCommand c) {
      wallet = apply(wallet, c);
      return evaluate(c.at(), null);
    }

    List<Trigger> evaluate(Instant at, Funding f) {
      TriggerEvaluation e = book.evaluate(wallet.snapshot(at), policy, at, f);
      book = e.book();
      return e.fired();
    }
  }

  private static TriggerPolicy only(
      List<Long> below,
      List<Integer> pct,
      List<Integer> allowance,
      int depletion,
      int expiring,
      boolean exhausted) {
    return new TriggerPolicy(below, pct, allowance, depletion, expiring, exhausted);
  }

  @Test
  void balanceBelowFiresOnceAndReArmsAfterATopUp() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.PREPAID_ONLY),
            only(List.of(1000L), List.of(), List.of(), 0, 0, false));
    assertThat(a.command(TopUp.of("tu-1", day(0), 3000, "EUR"))).isEmpty();

    List<Trigger> first = a.use(day(1), "m", "1", 2500);
    assertThat(first)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TriggerKind.BALANCE_BELOW);
              assertThat(t.conditionKey()).isEqualTo("balance-below:1000");
              assertThat(t.id())
                  .isEqualTo(DeterministicId.of("acct-1", "balance-below:1000", day(1).toString()));
            });
    assertThat(a.use(day(2), "m", "1", 100)).isEmpty(); // still below: latched
    assertThat(a.command(TopUp.of("tu-2", day(3), 2000, "EUR"))).isEmpty(); // clears: re-armed
    assertThat(a.book.size()).isZero();

    List<Trigger> second = a.use(day(4), "m", "1", 1500);
    assertThat(second).singleElement().extracting(Trigger::id).isNotEqualTo(first.get(0).id());
  }

  @Test
  void belowPercentOfLastTopUp() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.POSTPAID),
            only(List.of(), List.of(20), List.of(), 0, 0, false));
    a.command(TopUp.of("tu-1", day(0), 5000, "EUR"));

    assertThat(a.use(day(1), "m", "1", 4000)).isEmpty(); // 1000 left = exactly 20%: not below
    assertThat(a.use(day(1), "m", "1", 1))
        .singleElement()
        .extracting(Trigger::kind)
        .isEqualTo(TriggerKind.BELOW_PERCENT_OF_LAST_TOP_UP);
  }

  @Test
  void postpaidAccountsWithoutCreditGetNoBalanceWarnings() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.POSTPAID),
            only(List.of(1000L), List.of(20), List.of(), 3, 0, false));

    assertThat(a.use(day(1), "m", "1", 4000)).isEmpty();
  }

  @Test
  void allowanceThresholdsFireOncePerPeriod() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.POSTPAID),
            only(List.of(), List.of(), List.of(50, 80, 100), 0, 0, false));
    a.command(
        Grant.allowance(
            "plan",
            day(0),
            "api_calls",
            new BigDecimal("10000"),
            BillingCycle.monthly(JAN_1),
            0,
            null,
            "plan"));

    assertThat(a.use(day(1), "api_calls", "4999", 0)).isEmpty();
    assertThat(a.use(day(2), "api_calls", "1", 0))
        .extracting(Trigger::conditionKey)
        .containsExactly("allowance-used:api_calls:50");
    assertThat(a.use(day(3), "api_calls", "5000", 0))
        .extracting(Trigger::conditionKey)
        .containsExactly("allowance-used:api_calls:80", "allowance-used:api_calls:100");
    assertThat(a.use(day(4), "api_calls", "10", 7)).isEmpty();

    // February: a new period, the counters reset; thresholds fire again with new ids
    Instant feb = Instant.parse("2026-02-03T00:00:00Z");
    List<Trigger> febFired = a.use(feb, "api_calls", "6000", 0);
    assertThat(febFired)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.conditionKey()).isEqualTo("allowance-used:api_calls:50");
              assertThat(t.period()).isEqualTo("2026-02-01T00:00:00Z");
              assertThat(t.id())
                  .isEqualTo(
                      DeterministicId.of(
                          "acct-1", "allowance-used:api_calls:50", "2026-02-01T00:00:00Z"));
            });
  }

  @Test
  void projectedDepletionFromTheSevenDaySpend() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.PREPAID_ONLY),
            only(List.of(), List.of(), List.of(), 3, 0, false));
    a.command(TopUp.of("tu-1", day(0), 10_000, "EUR"));

    // 7-day spend 7000 (1000/day); 3000 left lasts 3 days: 7*3000 <= 3*7000 -> fires
    for (int d = 1; d <= 6; d++) {
      assertThat(a.use(day(d), "m", "1", 1000)).isEmpty();
    }
    assertThat(a.use(day(7), "m", "1", 1000))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TriggerKind.PROJECTED_DEPLETION);
              assertThat(t.detail())
                  .isEqualTo("credit 3000 lasts at most 3 days at 7000 per 7 days");
            });
  }

  @Test
  void grantExpiringFiresOncePerGrant() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.POSTPAID),
            only(List.of(), List.of(), List.of(), 0, 7, false));
    assertThat(
            a.command(
                Grant.money("promo", day(0), GrantKind.PROMOTIONAL, 500, "EUR", 0, day(20), "p")))
        .isEmpty();

    assertThat(a.evaluate(day(12), null)).isEmpty();
    assertThat(a.evaluate(day(13), null))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(TriggerKind.GRANT_EXPIRING);
              assertThat(t.period()).isEqualTo(day(20).toString());
            });
    assertThat(a.evaluate(day(14), null)).isEmpty();
    a.wallet = a.wallet.expire(day(20)).wallet();
    a.evaluate(day(20), null);
    assertThat(a.book.size()).isZero(); // the latch of a grant that is gone is dropped
  }

  @Test
  void exhaustedFiresWhenAPrepaidChargeExceedsTheLimitAndClearsAfterTopUp() {
    Account a =
        new Account(
            Wallet.open("acct-1", EUR, AccountMode.PREPAID_ONLY),
            only(List.of(), List.of(), List.of(), 0, 0, true));
    a.command(new SetCreditLimit("cl", day(0), 500, "EUR"));

    assertThat(a.use(day(1), "m", "1", 400)).isEmpty(); // within the overdraft
    assertThat(a.use(day(1), "m", "1", 200))
        .singleElement()
        .extracting(Trigger::kind)
        .isEqualTo(TriggerKind.EXHAUSTED);
    assertThat(a.use(day(2), "m", "1", 200)).isEmpty(); // still exhausted: latched
    assertThat(a.command(TopUp.of("tu", day(3), 5000, "EUR"))).isEmpty(); // cleared: re-armed
    assertThat(a.book.size()).isZero();
  }
}

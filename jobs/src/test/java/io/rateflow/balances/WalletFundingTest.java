package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed fundings, one per mix of sources. */
class WalletFundingTest {

  @Test
  void allowanceCoversTheWholeCharge() {
    Wallet w = withAllowance(postpaid(), "plan-api", "api_calls", "10000", JAN_1);

    Funding f = w.fund(JAN_10, "api_calls", units("100"), 250, EUR, "evt-1");

    assertThat(f.lines())
        .containsExactly(new FundingLine(FundingSource.ALLOWANCE, "plan-api", 250, units("100")));
    assertThat(((Allowance) f.wallet().find("plan-api").orElseThrow()).usedAt(JAN_10))
        .isEqualByComparingTo("100");
    assertThat(f.movements())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(MovementKind.USAGE);
              assertThat(m.units()).isEqualByComparingTo("-100");
              assertThat(m.amountMinor()).isZero();
            });
  }

  @Test
  void allowancePartlyCoversAndPrepaidPaysTheRest() {
    Wallet w = withAllowance(postpaid(), "plan-api", "api_calls", "10000", JAN_1);
    w = w.fund(JAN_10, "api_calls", units("9970"), 0, EUR, "evt-0").wallet();
    w = withPrepaid(w, "top-1", 5000, JAN_10);

    // 30 of 100 units left in the allowance: 30% of 1000 = 300 from the allowance, 700 from prepaid
    Funding f = w.fund(JAN_20, "api_calls", units("100"), 1000, EUR, "evt-1");

    assertThat(f.lines())
        .containsExactly(
            new FundingLine(FundingSource.ALLOWANCE, "plan-api", 300, units("30")),
            new FundingLine(FundingSource.PREPAID, "top-1", 700, units("70")));
    assertThat(f.wallet().snapshot(JAN_20).prepaidMinor()).isEqualTo(4300);
  }

  @Test
  void allowanceSharesAreRoundedCumulativelySoTheySumToTheCharge() {
    Wallet w = withAllowance(postpaid(), "a1", "api_calls", "1", JAN_1);
    w = withAllowance(w, "a2", "api_calls", "1", JAN_1);

    // 100 for 3 units: a1 covers 1 unit -> round(33.33) = 33; a1+a2 cover 2 -> round(66.67) = 67,
    // so a2
    // gets 67 - 33 = 34; the third unit (33) is on account. Sum 100.
    Funding f = w.fund(JAN_10, "api_calls", units("3"), 100, EUR, "evt-1");

    assertThat(f.lines())
        .containsExactly(
            new FundingLine(FundingSource.ALLOWANCE, "a1", 33, units("1")),
            new FundingLine(FundingSource.ALLOWANCE, "a2", 34, units("1")),
            new FundingLine(FundingSource.ON_ACCOUNT, null, 33, units("1")));
  }

  @Test
  void moneyGrantsBurnByPriorityThenEarliestExpiryThenOldest() {
    Wallet w = postpaid();
    w = withPrepaid(w, "paid", 1000, JAN_1); // priority 100
    w = withPromo(w, "promo-late-expiry", 100, 10, day(30), JAN_1);
    w = withPromo(w, "promo-no-expiry-old", 100, 10, null, JAN_1);
    w = withPromo(w, "promo-soon", 100, 10, day(15), JAN_10);
    w = withPromo(w, "promo-no-expiry-new", 100, 10, null, JAN_10);

    Funding f = w.fund(JAN_10, "api_calls", units("1"), 1000, EUR, "evt-1");

    assertThat(f.lines())
        .extracting(FundingLine::grantId)
        .containsExactly(
            "promo-soon",
            "promo-late-expiry",
            "promo-no-expiry-old",
            "promo-no-expiry-new",
            "paid");
    assertThat(f.lines())
        .extracting(FundingLine::amountMinor)
        .containsExactly(100L, 100L, 100L, 100L, 600L);
  }

  @Test
  void aPlanMayBurnPaidCreditFirst() {
    Wallet w = postpaid().withBurnOrder(BurnOrder.parse("prepaid-first, expiry"));
    w = withPromo(w, "promo", 500, 0, day(5), JAN_1);
    w = withPrepaid(w, "paid", 500, JAN_1);

    Funding f = w.fund(JAN_1, "api_calls", units("1"), 600, EUR, "evt-1");

    assertThat(f.lines()).extracting(FundingLine::grantId).containsExactly("paid", "promo");
  }

  @Test
  void postpaidRemainderIsOnAccountWithoutMovements() {
    Funding f = postpaid().fund(JAN_10, "api_calls", units("10"), 500, EUR, "evt-1");

    assertThat(f.lines())
        .containsExactly(new FundingLine(FundingSource.ON_ACCOUNT, null, 500, units("10")));
    assertThat(f.exceedsLimit()).isFalse();
    assertThat(f.movements()).isEmpty();
    assertThat(f.wallet().overdraftMinor()).isZero();
  }

  @Test
  void prepaidOnlyDrawsOnOverdraftAndFlagsTheExcess() {
    Wallet w = applied(prepaidOnly(), new SetCreditLimit("limit", JAN_1, 1000, "EUR"));
    w = withPrepaid(w, "top-1", 300, JAN_1);

    Funding first = w.fund(JAN_10, "api_calls", units("8"), 800, EUR, "evt-1");
    assertThat(first.lines())
        .containsExactly(
            new FundingLine(FundingSource.PREPAID, "top-1", 300, units("3")),
            new FundingLine(FundingSource.ON_ACCOUNT, null, 500, units("5")));
    assertThat(first.exceedsLimit()).isFalse();
    assertThat(first.lines())
        .allSatisfy(l -> assertThat(ChargeStatus.of(first, l)).isEqualTo(ChargeStatus.BILLED));
    assertThat(first.wallet().overdraftMinor()).isEqualTo(500);

    // 500 of headroom left: a 600 charge is still a line, but 100 of it is beyond the limit
    Funding second = first.wallet().fund(JAN_10, "api_calls", units("6"), 600, EUR, "evt-2");
    assertThat(second.lines())
        .containsExactly(new FundingLine(FundingSource.ON_ACCOUNT, null, 600, units("6")));
    assertThat(second.exceedsLimit()).isTrue();
    assertThat(second.excessMinor()).isEqualTo(100);
    // only the on-account line is beyond the limit; the charge is still rated and booked
    assertThat(ChargeStatus.of(second, second.lines().get(0)))
        .isEqualTo(ChargeStatus.EXCEEDS_LIMIT);
    assertThat(second.wallet().overdraftMinor()).isEqualTo(1100);
    assertThat(second.movements())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.grantId()).isNull();
              assertThat(m.amountMinor()).isEqualTo(-600);
            });
  }

  @Test
  void expiredAndNotYetEffectiveGrantsAreNeverUsed() {
    Wallet w = withPromo(postpaid(), "expired", 500, 0, JAN_10, JAN_1);
    w =
        applied(
            w,
            new Grant(
                "cmd-future",
                JAN_1,
                "future",
                GrantKind.PROMOTIONAL,
                500,
                "EUR",
                null,
                null,
                null,
                0,
                FEB_1,
                null,
                "promotion:test"));

    // JAN_10 is the expiry instant itself: expiry is exclusive, so the grant is already unusable
    Funding f = w.fund(JAN_10, "api_calls", units("1"), 100, EUR, "evt-1");

    assertThat(f.lines())
        .containsExactly(new FundingLine(FundingSource.ON_ACCOUNT, null, 100, units("1")));
    assertThat(w.fund(FEB_1, "api_calls", units("1"), 100, EUR, "evt-2").lines())
        .extracting(FundingLine::grantId)
        .containsExactly("future");
  }

  @Test
  void allowanceResetsEachPeriodAndStillCoversLateEventsOfThePreviousOne() {
    Wallet w = withAllowance(postpaid(), "plan", "api_calls", "100", JAN_1);
    w = w.fund(JAN_20, "api_calls", units("90"), 900, EUR, "jan").wallet();

    Funding feb = w.fund(FEB_5, "api_calls", units("100"), 1000, EUR, "feb");
    assertThat(feb.lines())
        .containsExactly(new FundingLine(FundingSource.ALLOWANCE, "plan", 1000, units("100")));

    // a late January event after February's usage: January had 10 units left
    Funding late = feb.wallet().fund(JAN_20, "api_calls", units("20"), 200, EUR, "jan-late");
    assertThat(late.lines())
        .containsExactly(
            new FundingLine(FundingSource.ALLOWANCE, "plan", 100, units("10")),
            new FundingLine(FundingSource.ON_ACCOUNT, null, 100, units("10")));
    Allowance after = (Allowance) late.wallet().find("plan").orElseThrow();
    assertThat(after.usedAt(FEB_5)).isEqualByComparingTo("100");
    assertThat(after.usedAt(JAN_20)).isEqualByComparingTo("100");
  }

  @Test
  void allowanceOfAnotherMeterIsNotUsed() {
    Wallet w = withAllowance(postpaid(), "plan", "storage", "100", JAN_1);

    assertThat(w.fund(JAN_10, "api_calls", units("1"), 10, EUR, "e").lines())
        .extracting(FundingLine::source)
        .containsExactly(FundingSource.ON_ACCOUNT);
  }

  @Test
  void zeroChargeStillUsesAllowanceUnits() {
    Wallet w = withAllowance(postpaid(), "plan", "api_calls", "100", JAN_1);

    Funding f = w.fund(JAN_10, "api_calls", units("5"), 0, EUR, "e");

    assertThat(f.lines())
        .containsExactly(new FundingLine(FundingSource.ALLOWANCE, "plan", 0, units("5")));
  }

  @Test
  void estimateLeavesTheWalletAsItWas() {
    Wallet w = withPrepaid(postpaid(), "top-1", 1000, JAN_1);

    Funding estimate = w.estimate(JAN_10, "api_calls", units("1"), 400, EUR);

    assertThat(estimate.lines())
        .containsExactly(new FundingLine(FundingSource.PREPAID, "top-1", 400, units("1")));
    assertThat(w.snapshot(JAN_10).prepaidMinor()).isEqualTo(1000);
    assertThat(w.fund(JAN_10, "api_calls", units("1"), 400, EUR, "e").lines())
        .isEqualTo(estimate.lines());
  }

  @Test
  void usedUpMoneyGrantIsDropped() {
    Wallet w = withPrepaid(postpaid(), "top-1", 400, JAN_1);

    assertThat(w.fund(JAN_10, "m", units("1"), 400, EUR, "e").wallet().grants()).isEmpty();
  }

  @Test
  void movementIdsAreDeterministicPerAccountAndCause() {
    Wallet w = withPrepaid(postpaid(), "top-1", 400, JAN_1);

    List<BalanceMovement> a = w.fund(JAN_10, "m", units("1"), 100, EUR, "e").movements();
    List<BalanceMovement> b = w.fund(JAN_10, "m", units("1"), 100, EUR, "e").movements();
    List<BalanceMovement> c = w.fund(JAN_10, "m", units("1"), 100, EUR, "other").movements();

    assertThat(a).isEqualTo(b);
    assertThat(a.get(0).id()).isNotEqualTo(c.get(0).id());
  }

  @Test
  void rejectsChargesInAnotherCurrencyOrNegative() {
    assertThatThrownBy(
            () -> postpaid().fund(JAN_1, "m", BigDecimal.ONE, 1, Currency.getInstance("USD"), "e"))
        .hasMessageContaining("acct-1")
        .hasMessageContaining("USD")
        .hasMessageContaining("EUR");
    assertThatThrownBy(() -> postpaid().fund(JAN_1, "m", BigDecimal.ONE, -1, EUR, "e"))
        .hasMessageContaining("Adjust");
  }
}

package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each balance command, applied and rejected, with hand-computed results. */
class WalletCommandsTest {

  @Test
  void topUpCreatesAPrepaidGrantNamedAfterTheCommand() {
    CommandResult r = postpaid().apply(new TopUp("tu-1", JAN_1, 2500, "EUR", 100, null));

    assertThat(r).isInstanceOf(CommandResult.Applied.class);
    assertThat(r.wallet().find("tu-1"))
        .contains(
            new MoneyGrant(
                "tu-1", GrantKind.PREPAID, 2500, 2500, 100, JAN_1, null, JAN_1, "top-up"));
    assertThat(r.wallet().lastTopUpMinor()).isEqualTo(2500);
    assertThat(r.movements())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(MovementKind.TOP_UP);
              assertThat(m.amountMinor()).isEqualTo(2500);
              assertThat(m.grantId()).isEqualTo("tu-1");
              assertThat(m.id()).isEqualTo(DeterministicId.of(ACCOUNT, "tu-1", 0));
            });
  }

  @Test
  void topUpFirstSettlesTheOverdraft() {
    Wallet w = prepaidOnly().fund(JAN_1, "m", BigDecimal.ONE, 500, EUR, "e").wallet();
    assertThat(w.overdraftMinor()).isEqualTo(500);

    CommandResult r = w.apply(TopUp.of("tu-1", JAN_10, 2000, "EUR"));

    assertThat(r.wallet().overdraftMinor()).isZero();
    assertThat(r.wallet().snapshot(JAN_10).prepaidMinor()).isEqualTo(1500);
    assertThat(r.movements())
        .extracting(BalanceMovement::kind, BalanceMovement::amountMinor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MovementKind.TOP_UP, 2000L),
            org.assertj.core.groups.Tuple.tuple(MovementKind.SETTLEMENT, -500L));
  }

  @Test
  void topUpSmallerThanTheDebtOnlyReducesIt() {
    Wallet w = prepaidOnly().fund(JAN_1, "m", BigDecimal.ONE, 500, EUR, "e").wallet();

    Wallet after = applied(w, TopUp.of("tu-1", JAN_10, 200, "EUR"));

    assertThat(after.overdraftMinor()).isEqualTo(300);
    assertThat(after.grants()).isEmpty();
  }

  @Test
  void badAmountsAndCurrenciesAreRejectedWithReasons() {
    Wallet w = postpaid();

    assertRejected(
        w.apply(TopUp.of("c1", JAN_1, 0, "EUR")),
        CommandRejectionReason.BAD_AMOUNT,
        "must be positive");
    assertRejected(
        w.apply(TopUp.of("c2", JAN_1, -5, "EUR")), CommandRejectionReason.BAD_AMOUNT, "-5");
    assertRejected(
        w.apply(TopUp.of("c3", JAN_1, 100, "XYZ")),
        CommandRejectionReason.UNKNOWN_CURRENCY,
        "'XYZ'");
    assertRejected(
        w.apply(TopUp.of("c4", JAN_1, 100, null)),
        CommandRejectionReason.UNKNOWN_CURRENCY,
        "no currency");
    assertRejected(
        w.apply(TopUp.of("c5", JAN_1, 100, "USD")),
        CommandRejectionReason.CURRENCY_MISMATCH,
        "USD");
    assertRejected(
        w.apply(new SetCreditLimit("c6", JAN_1, -1, "EUR")),
        CommandRejectionReason.BAD_AMOUNT,
        "-1");
    assertRejected(
        w.apply(new TopUp("c7", JAN_1, 100, "EUR", 1, JAN_1)),
        CommandRejectionReason.BAD_COMMAND,
        "expires");
  }

  @Test
  void rejectionMessageNamesAccountCommandAndWhatToDo() {
    CommandResult r = postpaid().apply(TopUp.of("c5", JAN_1, 100, "USD"));

    assertThat(((CommandResult.Rejected) r).rejection().message())
        .isEqualTo("account acct-1: TopUp c5 is in USD but the account's wallet holds EUR");
  }

  @Test
  void aCommandIdAppliesOnlyOnce() {
    Wallet w = applied(postpaid(), TopUp.of("tu-1", JAN_1, 1000, "EUR"));

    CommandResult again = w.apply(TopUp.of("tu-1", JAN_1, 1000, "EUR"));

    assertRejected(again, CommandRejectionReason.DUPLICATE_COMMAND, "already applied");
    assertThat(again.wallet()).isSameAs(w);
    assertThat(again.movements()).isEmpty();
  }

  @Test
  void aRejectedCommandIdMayBeRetriedCorrected() {
    Wallet w = postpaid();
    assertRejected(
        w.apply(TopUp.of("tu-1", JAN_1, 1000, "USD")),
        CommandRejectionReason.CURRENCY_MISMATCH,
        "USD");

    assertThat(w.apply(TopUp.of("tu-1", JAN_1, 1000, "EUR")))
        .isInstanceOf(CommandResult.Applied.class);
  }

  @Test
  void commandsOlderThanTheMemoryAreRejectedAsStaleNotReapplied() {
    Wallet w =
        new Wallet(
            ACCOUNT,
            EUR,
            AccountMode.POSTPAID,
            BurnOrder.DEFAULT,
            0,
            0,
            0,
            java.util.List.of(),
            AppliedCommands.empty(2, Duration.ofDays(30)),
            SpendWindow.empty());
    w = applied(w, TopUp.of("a", day(1), 100, "EUR"));
    w = applied(w, TopUp.of("b", day(2), 100, "EUR"));
    w = applied(w, TopUp.of("c", day(3), 100, "EUR")); // forgets "a"

    assertRejected(
        w.apply(TopUp.of("a", day(1), 100, "EUR")),
        CommandRejectionReason.STALE_COMMAND,
        "re-issue");
    assertRejected(
        w.apply(TopUp.of("b", day(2), 100, "EUR")),
        CommandRejectionReason.DUPLICATE_COMMAND,
        "already");
    // beyond the 30-day horizon of the newest command
    w = applied(w, TopUp.of("d", day(40), 100, "EUR"));
    assertRejected(
        w.apply(TopUp.of("late", day(9), 100, "EUR")),
        CommandRejectionReason.STALE_COMMAND,
        "issued at");
    assertThat(w.apply(TopUp.of("recent", day(11), 100, "EUR")))
        .isInstanceOf(CommandResult.Applied.class);
  }

  @Test
  void grantsPromotionalMoney() {
    CommandResult r =
        postpaid()
            .apply(
                Grant.money(
                    "g-1",
                    JAN_1,
                    GrantKind.PROMOTIONAL,
                    700,
                    "EUR",
                    10,
                    FEB_1,
                    "promotion:welcome"));

    assertThat(r.wallet().find("g-1"))
        .contains(
            new MoneyGrant(
                "g-1",
                GrantKind.PROMOTIONAL,
                700,
                700,
                10,
                JAN_1,
                FEB_1,
                JAN_1,
                "promotion:welcome"));
    assertThat(r.movements())
        .singleElement()
        .extracting(BalanceMovement::kind, BalanceMovement::amountMinor)
        .containsExactly(MovementKind.GRANT, 700L);
    assertThat(r.wallet().snapshot(JAN_10).promotionalMinor()).isEqualTo(700);
  }

  @Test
  void grantsAnAllowance() {
    CommandResult r =
        postpaid()
            .apply(
                Grant.allowance(
                    "plan-1", JAN_10, "api_calls", units("10000"), MONTHLY, 0, null, "plan"));

    Allowance a = (Allowance) r.wallet().find("plan-1").orElseThrow();
    assertThat(a.units()).isEqualByComparingTo("10000");
    assertThat(a.periodStart()).isEqualTo(JAN_1);
    assertThat(r.movements())
        .singleElement()
        .extracting(BalanceMovement::units)
        .isEqualTo(units("10000"));
  }

  @Test
  void grantValidation() {
    Wallet w = withPromo(postpaid(), "p", 100, 0, null, JAN_1);

    assertRejected(
        w.apply(Grant.money("p", JAN_1, GrantKind.PROMOTIONAL, 100, "EUR", 0, null, "x")),
        CommandRejectionReason.GRANT_EXISTS,
        "grant p");
    assertRejected(
        w.apply(Grant.allowance("a", JAN_1, " ", units("1"), MONTHLY, 0, null, "plan")),
        CommandRejectionReason.BAD_COMMAND,
        "without a meter");
    assertRejected(
        w.apply(Grant.allowance("a", JAN_1, "m", units("0"), MONTHLY, 0, null, "plan")),
        CommandRejectionReason.BAD_AMOUNT,
        "units");
    assertRejected(
        w.apply(Grant.money("x", JAN_10, GrantKind.PROMOTIONAL, 100, "EUR", 0, JAN_1, "x")),
        CommandRejectionReason.BAD_COMMAND,
        "expires");
    assertRejected(
        w.apply(Grant.money("y", JAN_10, GrantKind.PREPAID, 0, "EUR", 0, null, "x")),
        CommandRejectionReason.BAD_AMOUNT,
        "positive");
  }

  @Test
  void revokeTakesWhatIsLeft() {
    Wallet w = withPromo(postpaid(), "p", 1000, 0, null, JAN_1);
    w = w.fund(JAN_1, "m", BigDecimal.ONE, 300, EUR, "e").wallet();

    CommandResult r = w.apply(new Revoke("r-1", JAN_10, "p", "campaign cancelled"));

    assertThat(r.wallet().grants()).isEmpty();
    assertThat(r.movements())
        .singleElement()
        .extracting(BalanceMovement::kind, BalanceMovement::amountMinor)
        .containsExactly(MovementKind.REVOKE, -700L);
    assertRejected(
        r.wallet().apply(new Revoke("r-2", JAN_10, "p", "again")),
        CommandRejectionReason.UNKNOWN_GRANT,
        "does not hold");
  }

  @Test
  void revokeAnAllowanceRemovesIt() {
    Wallet w = withAllowance(postpaid(), "plan", "m", "100", JAN_1);
    w = w.fund(JAN_10, "m", units("40"), 0, EUR, "e").wallet();

    CommandResult r = w.apply(new Revoke("r-1", JAN_10, "plan", "plan change"));

    assertThat(r.wallet().grants()).isEmpty();
    assertThat(r.movements())
        .singleElement()
        .extracting(BalanceMovement::units)
        .isEqualTo(units("-60"));
  }

  @Test
  void adjustMovesAmountAndRemaining() {
    Wallet w = withPrepaid(postpaid(), "tu", 1000, JAN_1);

    Wallet up = applied(w, new Adjust("adj-1", JAN_10, "tu", 250, "EUR", "goodwill"));
    Wallet down = applied(up, new Adjust("adj-2", JAN_10, "tu", -1250, "EUR", "chargeback"));

    assertThat(up.find("tu").map(g -> ((MoneyGrant) g).remainingMinor())).contains(1250L);
    assertThat(up.find("tu").map(g -> ((MoneyGrant) g).amountMinor())).contains(1250L);
    assertThat(down.grants()).isEmpty();
    assertRejected(
        w.apply(new Adjust("adj-3", JAN_10, "tu", -1001, "EUR", "x")),
        CommandRejectionReason.BAD_AMOUNT,
        "below zero");
    assertRejected(
        w.apply(new Adjust("adj-4", JAN_10, "nope", 1, "EUR", "x")),
        CommandRejectionReason.UNKNOWN_GRANT,
        "nope");
    assertRejected(
        w.apply(new Adjust("adj-5", JAN_10, "tu", 0, "EUR", "x")),
        CommandRejectionReason.BAD_AMOUNT,
        "0");
    assertRejected(
        w.apply(new Adjust("adj-6", JAN_10, "tu", 5, "GBP", "x")),
        CommandRejectionReason.CURRENCY_MISMATCH,
        "GBP");
    Wallet withAllowance = withAllowance(w, "plan", "m", "1", JAN_1);
    assertRejected(
        withAllowance.apply(new Adjust("adj-7", JAN_10, "plan", 5, "EUR", "x")),
        CommandRejectionReason.BAD_COMMAND,
        "Revoke and Grant");
  }

  @Test
  void setCreditLimitHasNoMovement() {
    CommandResult r = prepaidOnly().apply(new SetCreditLimit("cl", JAN_1, 5000, "EUR"));

    assertThat(r.wallet().creditLimitMinor()).isEqualTo(5000);
    assertThat(r.movements()).isEmpty();
    assertThat(r.wallet().snapshot(JAN_1).headroomMinor()).isEqualTo(5000);
  }

  @Test
  void expiryProducesBreakageAndTheNextTimer() {
    Wallet w = withPromo(postpaid(), "soon", 500, 0, JAN_10, JAN_1);
    w = withPromo(w, "later", 300, 0, FEB_1, JAN_1);
    w = withAllowance(w, "plan", "m", "5", JAN_1);
    assertThat(w.nextExpiry()).contains(JAN_10);

    Expiration before = w.expire(day(8));
    assertThat(before.movements()).isEmpty();
    assertThat(before.wallet()).isEqualTo(w);

    Expiration e = w.expire(JAN_20);
    assertThat(e.movements())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(MovementKind.EXPIRY);
              assertThat(m.grantId()).isEqualTo("soon");
              assertThat(m.amountMinor()).isEqualTo(-500);
              assertThat(m.at()).isEqualTo(JAN_10);
              assertThat(m.id()).isEqualTo(DeterministicId.of(ACCOUNT, "expiry:soon", 0));
            });
    assertThat(e.wallet().grants()).extracting(BalanceGrant::id).containsExactly("later", "plan");
    assertThat(e.wallet().nextExpiry()).contains(FEB_1);
  }

  @Test
  void snapshotShowsTotalsGrantsAndAllowances() {
    Wallet w = applied(prepaidOnly(), new SetCreditLimit("cl", JAN_1, 1000, "EUR"));
    w = withPrepaid(w, "tu", 2000, JAN_1);
    w = withPromo(w, "promo", 500, 0, FEB_1, JAN_1);
    w = withAllowance(w, "plan", "api_calls", "10000", JAN_1);
    w = w.fund(JAN_10, "api_calls", units("2500"), 0, EUR, "e").wallet();

    BalanceSnapshot s = w.snapshot(JAN_20);

    assertThat(s.prepaidMinor()).isEqualTo(2000);
    assertThat(s.promotionalMinor()).isEqualTo(500);
    assertThat(s.availableMinor()).isEqualTo(2500);
    assertThat(s.creditLimitMinor()).isEqualTo(1000);
    assertThat(s.moneyGrants()).extracting(MoneyGrant::id).containsExactly("tu", "promo");
    assertThat(s.allowanceByMeter().get("api_calls"))
        .isEqualTo(
            new BalanceSnapshot.MeterAllowance("api_calls", units("10000"), units("2500"), JAN_1));
    assertThat(s.nextExpiry()).isEqualTo(FEB_1);
    assertThat(w.snapshot(FEB_5).allowanceByMeter().get("api_calls").used())
        .isEqualByComparingTo("0");
    assertThat(w.snapshot(FEB_5).promotionalMinor()).isZero();
  }

  static void assertRejected(CommandResult r, CommandRejectionReason reason, String messagePart) {
    assertThat(r).isInstanceOf(CommandResult.Rejected.class);
    Rejection rejection = ((CommandResult.Rejected) r).rejection();
    assertThat(rejection.reason()).isEqualTo(reason);
    assertThat(rejection.message()).contains(messagePart).startsWith("account acct-1: ");
  }
}

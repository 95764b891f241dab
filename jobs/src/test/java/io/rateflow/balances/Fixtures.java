package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;

/** Shared test values: one account in EUR, a January 2026 timeline. */
final class Fixtures {
  static final Currency EUR = Currency.getInstance("EUR");
  static final String ACCOUNT = "acct-1";
  static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant JAN_10 = Instant.parse("2026-01-10T00:00:00Z");
  static final Instant JAN_20 = Instant.parse("2026-01-20T00:00:00Z");
  static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant FEB_5 = Instant.parse("2026-02-05T00:00:00Z");
  static final BillingCycle MONTHLY = BillingCycle.monthly(JAN_1);

  private Fixtures() {}

  static Wallet postpaid() {
    return Wallet.open(ACCOUNT, EUR, AccountMode.POSTPAID);
  }

  static Wallet prepaidOnly() {
    return Wallet.open(ACCOUNT, EUR, AccountMode.PREPAID_ONLY);
  }

  static BigDecimal units(String v) {
    return new BigDecimal(v);
  }

  static Instant day(int n) {
    return JAN_1.plus(Duration.ofDays(n));
  }

  /** Applies a command that must be applied and returns the new wallet. */
  static Wallet applied(Wallet w, BalanceCommand c) {
    CommandResult r = w.apply(c);
    if (!(r instanceof CommandResult.Applied)) {
      throw new AssertionError("expected " + c + " to apply but got " + r);
    }
    return r.wallet();
  }

  static Wallet withPromo(
      Wallet w, String id, long amount, int priority, Instant expiry, Instant at) {
    return applied(
        w,
        new Grant(
            "cmd-" + id,
            at,
            id,
            GrantKind.PROMOTIONAL,
            amount,
            "EUR",
            null,
            null,
            null,
            priority,
            null,
            expiry,
            "promotion:test"));
  }

  static Wallet withPrepaid(Wallet w, String id, long amount, Instant at) {
    return applied(w, new TopUp(id, at, amount, "EUR", 100, null));
  }

  static Wallet withAllowance(Wallet w, String id, String meter, String units, Instant at) {
    return applied(
        w,
        new Grant(
            "cmd-" + id,
            at,
            id,
            GrantKind.ALLOWANCE,
            0,
            null,
            meter,
            new BigDecimal(units),
            MONTHLY,
            0,
            null,
            null,
            "plan"));
  }
}

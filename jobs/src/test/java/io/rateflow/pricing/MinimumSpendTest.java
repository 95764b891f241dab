package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.priced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A minimum spend, checked by hand: the true-up of a closed period brings its spend up to the
 * minimum, and a late charge adjusts it, so the period's total is max(spent, minimum).
 */
class MinimumSpendTest {
  private static final RuleSet BUSINESS =
      Fixtures.parse(
          """
          id: business-usd
          version: 1
          effective_from: 2026-01-01T00:00:00Z
          currency: USD
          applies_to: { plans: [business] }
          minimum_spend:
            amount: 100.00
          """);

  private static final RuleSet ACME =
      Fixtures.parse(
          """
          id: acme-usd
          version: 1
          effective_from: 2026-01-01T00:00:00Z
          currency: USD
          applies_to: { accounts: [acc-1] }
          minimum_spend: { amount: 250, period: { type: anniversary, anchor_day: 10 } }
          meters:
            calls:
              unit: call
              aggregation: sum
              price: { model: per_unit, unit_price: 0.01 }
          """);

  private static final AccountContext ACCOUNT =
      new AccountContext("acc-1", "business", "smb", "USD", ZoneId.of("Europe/Paris"));
  private static final AccountContext OTHER =
      new AccountContext("acc-2", "business", "smb", "USD", ZoneId.of("Europe/Paris"));

  private static long trueUp(long spent, long charged) {
    RatingResult.Priced p =
        priced(BUSINESS.trueUp(ACCOUNT, new PeriodSpend("2026-04", spent, charged, true)));
    assertThat(p.kind()).isEqualTo(ChargeKind.MINIMUM_TRUE_UP);
    assertThat(p.after()).isNull();
    assertThat(p.unitAmount()).isNull();
    assertThat(p.model()).isEqualTo("minimum_spend");
    assertThat(p.period()).isEqualTo("2026-04");
    return p.amountMinor();
  }

  @Test
  void aMinimumReachedNeedsNoTrueUp() {
    assertThat(trueUp(12_000, 0)).isZero();
    assertThat(trueUp(10_000, 0)).isZero();
  }

  @Test
  void aMinimumMissedIsTrueUpToIt() {
    assertThat(trueUp(8_000, 0)).isEqualTo(2_000);
    // A period of net credits (-5.00) still totals the minimum: 105.00 is due.
    assertThat(trueUp(-500, 0)).isEqualTo(10_500);
  }

  @Test
  void aLateChargeAfterTheCloseAdjustsTheTrueUp() {
    // 80.00 spent, 20.00 trued up; a late 30.00 makes the spend 110.00: the true-up is returned.
    assertThat(trueUp(11_000, 2_000)).isEqualTo(-2_000);
    // A late 5.00 instead: 15.00 is due, 20.00 was charged.
    assertThat(trueUp(8_500, 2_000)).isEqualTo(-500);
    // A late credit of 10.00: 30.00 is due.
    assertThat(trueUp(7_000, 2_000)).isEqualTo(1_000);
  }

  @Test
  void theMostSpecificMinimumInForceApplies() {
    PriceBook book = new PriceBook();
    book.add(BUSINESS);
    book.add(ACME);
    Instant t = Instant.parse("2026-04-30T21:59:59Z");

    assertThat(book.selectMinimum(ACCOUNT, t)).contains(ACME);
    assertThat(book.selectMinimum(OTHER, t)).contains(BUSINESS);
    assertThat(
            book.selectMinimum(
                new AccountContext("acc-3", "team", "smb", "USD", ZoneId.of("UTC")), t))
        .isEmpty();
    assertThat(book.hasMinimums()).isTrue();
    assertThat(BUSINESS.hasMinimumSpend()).isTrue();
  }

  @Test
  void theMinimumsPeriodIsReckonedInTheAccountsZone() {
    // 23:30 on April 30 in Paris is still April; the period ends at midnight Paris time.
    Instant t = Instant.parse("2026-04-30T21:30:00Z");
    assertThat(BUSINESS.minimumPeriodOf(ACCOUNT, t).key()).isEqualTo("2026-04");
    assertThat(BUSINESS.minimumPeriodOf(ACCOUNT, t).start())
        .isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    assertThat(BUSINESS.minimumPeriodEnd(ACCOUNT, t))
        .isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
    assertThat(ACME.minimumPeriodOf(ACCOUNT, t).key()).isEqualTo("2026-04-10");
    assertThat(ACME.minimumPeriodEnd(ACCOUNT, t)).isEqualTo(Instant.parse("2026-05-09T22:00:00Z"));
  }

  @Test
  void aRuleSetWithoutAMinimumHasNoTrueUp() {
    RuleSet plain =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                calls:
                  unit: call
                  aggregation: sum
                  price: { model: per_unit, unit_price: 0.01 }
                """));
    assertThat(plain.hasMinimumSpend()).isFalse();
    assertThat(plain.trueUp(ACCOUNT, PeriodSpend.empty("2026-04")))
        .isInstanceOf(RatingResult.Refused.class);
    assertThatThrownBy(() -> plain.minimumPeriodEnd(ACCOUNT, Instant.EPOCH))
        .isInstanceOf(IllegalStateException.class);
  }
}

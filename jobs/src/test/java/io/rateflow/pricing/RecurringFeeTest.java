package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.priced;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A plan's recurring fee, checked by hand: in advance at each period start, pro rata when an
 * account joins or leaves the plan (a plan change credits the old fee and charges the new one).
 */
class RecurringFeeTest {
  private static final RuleSet TEAM =
      Fixtures.parse(
          """
          id: team-usd
          version: 1
          effective_from: 2026-01-01T00:00:00Z
          currency: USD
          applies_to: { plans: [team] }
          recurring_fees:
            - id: platform
              description: Team platform fee
              amount: 49.00
          """);

  private static final RuleSet BUSINESS =
      Fixtures.parse(
          """
          id: business-usd
          version: 1
          effective_from: 2026-01-01T00:00:00Z
          currency: USD
          applies_to: { plans: [business] }
          recurring_fees:
            - id: platform
              amount: 99.00
            - id: support
              amount: 30.00
              period: { type: anniversary, anchor_day: 15 }
              proration: second
          """);

  private static final AccountContext ON_TEAM =
      new AccountContext("acc-1", "team", "smb", "USD", ZoneOffset.UTC);
  private static final AccountContext ON_BUSINESS =
      new AccountContext("acc-1", "business", "smb", "USD", ZoneOffset.UTC);
  private static final String FEE = "fee:platform";

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static MeterAggregate aprilOnTeam() {
    return priced(TEAM.rollOver(ON_TEAM, FEE, held(), at("2026-04-01T00:00:00Z"))).after();
  }

  /** The previous period's aggregate of an account on the plan. */
  private static MeterAggregate held() {
    return new MeterAggregate(
        "2026-03",
        BigDecimal.ONE,
        java.util.Set.of(),
        0,
        0,
        RecurringUnits.startingWith(BigDecimal.ONE));
  }

  @Test
  void theFeeIsChargedInAdvanceAtEachPeriodStart() {
    RatingResult.Priced april =
        priced(TEAM.rollOver(ON_TEAM, FEE, held(), at("2026-04-01T00:00:00Z")));

    assertThat(april.amountMinor()).isEqualTo(4900);
    assertThat(april.kind()).isEqualTo(ChargeKind.SUBSCRIPTION_FEE);
    assertThat(april.model()).isEqualTo("recurring_fee");
    assertThat(april.period()).isEqualTo("2026-04");
    assertThat(april.billedQuantity()).isEqualByComparingTo("1");
    assertThat(april.unitAmount()).isEqualByComparingTo("49.00");
  }

  @Test
  void joiningMidPeriodChargesTheRestOfIt() {
    RatingResult.Priced p =
        priced(TEAM.change(ON_TEAM, FEE, null, at("2026-04-10T15:00:00Z"), BigDecimal.ONE));
    assertThat(p.amountMinor()).isEqualTo(3430); // 49.00 × 21/30
    assertThat(p.kind()).isEqualTo(ChargeKind.SUBSCRIPTION_FEE);
  }

  @Test
  void aPlanChangeOnTheFirstDayCreditsTheOldFeeWhollyAndChargesTheNewOne() {
    Instant change = at("2026-04-01T09:00:00Z");
    RatingResult.Priced off =
        priced(TEAM.change(ON_TEAM, FEE, aprilOnTeam(), change, BigDecimal.ONE.negate()));
    RatingResult.Priced on =
        priced(BUSINESS.change(ON_BUSINESS, FEE, null, change, BigDecimal.ONE));

    assertThat(off.amountMinor()).isEqualTo(-4900);
    assertThat(on.amountMinor()).isEqualTo(9900);
    assertThat(off.after().aggregate()).isEqualByComparingTo("0");
  }

  @Test
  void aPlanChangeOnTheLastDayLeavesOneDayToTheNewPlan() {
    Instant change = at("2026-04-30T18:00:00Z");
    RatingResult.Priced off =
        priced(TEAM.change(ON_TEAM, FEE, aprilOnTeam(), change, BigDecimal.ONE.negate()));
    RatingResult.Priced on =
        priced(BUSINESS.change(ON_BUSINESS, FEE, null, change, BigDecimal.ONE));

    // Team for 29 of 30 days: 49 × 29/30 = 47.366… → 47.37, so a credit of 1.63.
    assertThat(off.amountMinor()).isEqualTo(-163);
    // Business for 1 day: 99 / 30 = 3.30.
    assertThat(on.amountMinor()).isEqualTo(330);
  }

  @Test
  void theFeeOfEachPlanIsChosenByThePriceBook() {
    PriceBook book = new PriceBook();
    book.add(TEAM);
    book.add(BUSINESS);
    Instant t = at("2026-04-10T00:00:00Z");

    assertThat(book.select(ON_TEAM, FEE, t)).contains(TEAM);
    assertThat(book.select(ON_BUSINESS, FEE, t)).contains(BUSINESS);
    assertThat(book.select(ON_TEAM, "fee:support", t)).isEmpty();
    assertThat(book.feeItems()).containsExactly("fee:platform", "fee:support");
    assertThat(book.recurringMeters()).isEmpty();
    assertThat(book.hasMinimums()).isFalse();
    assertThat(BUSINESS.feeItems()).containsExactly("fee:platform", "fee:support");
    assertThat(BUSINESS.prices("fee:support")).isTrue();
    assertThat(BUSINESS.isRecurring("fee:support")).isTrue();
    assertThat(TEAM.prices("fee:support")).isFalse();
    assertThat(TEAM.meters()).isEmpty();
  }

  @Test
  void aFeeHasItsOwnPeriodAndProration() {
    Instant t = at("2026-04-20T12:00:00Z");
    assertThat(BUSINESS.periodOf("fee:support", ON_BUSINESS, t)).isEqualTo("2026-04-15");
    assertThat(BUSINESS.usagePeriodOf("fee:support", ON_BUSINESS, t).start())
        .isEqualTo(at("2026-04-15T00:00:00Z"));
    assertThat(BUSINESS.periodEnd("fee:support", ON_BUSINESS, t))
        .isEqualTo(at("2026-05-15T00:00:00Z"));
    // 2026-04-15 to 2026-05-15 is 30 days; from 04-20T12:00, 24.5 days are left: 30 × 24.5/30.
    assertThat(
            priced(BUSINESS.change(ON_BUSINESS, "fee:support", null, t, BigDecimal.ONE))
                .amountMinor())
        .isEqualTo(2450);
  }

  /** The worked example of pricing-rules/README.md, "Recurring fees", on subscriptions/. */
  @Test
  void theReadmesWorkedExample() throws Exception {
    RuleSet business =
        RuleFiles.parse(Fixtures.rulesDir().resolve("subscriptions").resolve("business-usd.yaml"));
    String fee = "fee:priority-support";
    MeterAggregate april =
        priced(business.rollOver(ON_BUSINESS, fee, held(), at("2026-04-01T00:00:00Z"))).after();

    Instant first = at("2026-04-01T09:00:00Z");
    assertThat(priced(business.change(ON_BUSINESS, fee, null, first, BigDecimal.ONE)).amountMinor())
        .isEqualTo(15000);
    assertThat(
            priced(business.change(ON_BUSINESS, fee, april, first, BigDecimal.ONE.negate()))
                .amountMinor())
        .isEqualTo(-15000);
    Instant last = at("2026-04-30T09:00:00Z");
    assertThat(priced(business.change(ON_BUSINESS, fee, null, last, BigDecimal.ONE)).amountMinor())
        .isEqualTo(500);
    assertThat(
            priced(business.change(ON_BUSINESS, fee, april, last, BigDecimal.ONE.negate()))
                .amountMinor())
        .isEqualTo(-500);
    assertThat(business.hasMinimumSpend()).isTrue();
    assertThat(
            priced(business.trueUp(ON_BUSINESS, new PeriodSpend("2026-04", 43_000, 0, true)))
                .amountMinor())
        .isEqualTo(7_000);
    assertThat(
            priced(business.trueUp(ON_BUSINESS, new PeriodSpend("2026-04", 52_000, 7_000, true)))
                .amountMinor())
        .isEqualTo(-7_000);
    assertThat(
            priced(business.trueUp(ON_BUSINESS, new PeriodSpend("2026-04", 47_000, 7_000, true)))
                .amountMinor())
        .isEqualTo(-4_000);
  }
}

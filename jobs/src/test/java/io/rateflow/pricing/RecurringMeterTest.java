package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.priced;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recurring meters (seats), checked by hand: a change is charged the difference it makes to the
 * period's price, pro rata for the rest of the period; a period start charges the units held for
 * the whole period.
 */
class RecurringMeterTest {
  private static final AccountContext UTC = Fixtures.account("acc-1", "USD", ZoneOffset.UTC);
  private static final AccountContext NEW_YORK =
      Fixtures.account("acc-ny", "USD", ZoneId.of("America/New_York"));

  private static final RuleSet PER_UNIT =
      Fixtures.parse(
          Fixtures.document(
              "currency: USD",
              """
              seats:
                unit: seat
                aggregation: sum
                recurring: true
                price: { model: per_unit, unit_price: 10.00 }
              """));

  private static final RuleSet PER_SECOND =
      Fixtures.parse(
          Fixtures.document(
              "currency: USD",
              """
              seats:
                unit: seat
                aggregation: sum
                recurring: true
                proration: second
                price: { model: per_unit, unit_price: 10.00 }
              """));

  /** 10 seats at 10.00, beyond at 8.00 with a 20.00 fee for entering tier 2. */
  private static final RuleSet GRADUATED =
      Fixtures.parse(
          Fixtures.document(
              "currency: USD",
              """
              seats:
                unit: seat
                aggregation: sum
                recurring: true
                proration: day
                price:
                  model: graduated
                  tiers:
                    - { up_to: 10, unit_price: 10.00 }
                    - { unit_price: 8.00, flat_fee: 20.00 }
              """));

  private static final RuleSet VOLUME =
      Fixtures.parse(
          Fixtures.document(
              "currency: USD",
              """
              seats:
                unit: seat
                aggregation: sum
                recurring: true
                price:
                  model: volume
                  tiers:
                    - { up_to: 10, unit_price: 10.00 }
                    - { unit_price: 8.00 }
              """));

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static Usage seats(String quantity, Instant time) {
    return new Usage(
        "evt-" + quantity + "-" + time,
        "seats",
        new BigDecimal(quantity),
        time,
        Map.of(),
        null,
        null);
  }

  /** The aggregate of a period that began with {@code count} seats (as its period start leaves). */
  private static MeterAggregate heldFrom(
      RuleSet rules, AccountContext account, String count, Instant periodStart) {
    MeterAggregate previous =
        new MeterAggregate(
            "before",
            new BigDecimal(count),
            java.util.Set.of(),
            0,
            0,
            RecurringUnits.startingWith(new BigDecimal(count)));
    return priced(rules.rollOver(account, "seats", previous, periodStart)).after();
  }

  @Test
  void aSeatAddedOnDay10OfA30DayMonthCosts21Of30() {
    RatingResult.Priced p =
        priced(PER_UNIT.rate(UTC, seats("1", at("2026-04-10T12:00:00Z")), null));

    assertThat(p.amountMinor()).isEqualTo(700); // 10.00 × 21/30
    assertThat(p.kind()).isEqualTo(ChargeKind.PRORATION);
    assertThat(p.period()).isEqualTo("2026-04");
    assertThat(p.billedQuantity()).isEqualByComparingTo("1");
    assertThat(p.unitAmount()).isEqualByComparingTo("7.00");
    assertThat(p.after().aggregate()).isEqualByComparingTo("1");
    assertThat(p.after().recurring().changes()).hasSize(1);
    assertThat(
            p.breakdown().stream()
                .map(c -> new BigDecimal(c.amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("7.00");
  }

  @Test
  void aSeatRemovedMidPeriodCreditsTheRestOfIt() {
    MeterAggregate april = heldFrom(PER_UNIT, UTC, "5", at("2026-04-01T00:00:00Z"));
    assertThat(april.chargedMinor()).isEqualTo(5000);

    RatingResult.Priced p =
        priced(PER_UNIT.rate(UTC, seats("-1", at("2026-04-21T08:00:00Z")), april));

    // 5 seats for 20 days, 4 for 10: (50 × 20 + 40 × 10) / 30 = 46.666… → 46.67; 46.67 − 50.00.
    assertThat(p.amountMinor()).isEqualTo(-333);
    assertThat(p.billedQuantity()).isEqualByComparingTo("1");
    assertThat(p.unitAmount()).isEqualByComparingTo("-3.330000");
    assertThat(p.after().aggregate()).isEqualByComparingTo("4");
    assertThat(p.after().chargedMinor()).isEqualTo(4667);
  }

  @Test
  void addingAcrossAGraduatedTierChargesTheTierRateAndItsFeeAndRemovingCreditsAtTheTierLeft() {
    MeterAggregate april = heldFrom(GRADUATED, UTC, "10", at("2026-04-01T00:00:00Z"));
    assertThat(april.chargedMinor()).isEqualTo(10000);

    RatingResult.Priced add =
        priced(GRADUATED.rate(UTC, seats("2", at("2026-04-16T00:00:00Z")), april));
    // Two seats in tier 2 for 15 of 30 days: 2 × 8.00 × 15/30 = 8.00, plus tier 2's fee 20.00.
    assertThat(add.amountMinor()).isEqualTo(2800);
    assertThat(add.breakdown().get(0).label())
        .isEqualTo(
            "seats 2026-04: +2 on 2026-04-16, 15 of 30 days left; units over the period"
                + " 100.00 → 108.00, rounded to 2 digits HALF_EVEN");
    assertThat(add.breakdown())
        .extracting(PriceComponent::kind, PriceComponent::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("proration", "8.00"),
            org.assertj.core.groups.Tuple.tuple("flat_fee", "20.00"));

    RatingResult.Priced remove =
        priced(GRADUATED.rate(UTC, seats("-2", at("2026-04-26T00:00:00Z")), add.after()));
    // The two seats leave tier 2 with 5 days left: 2 × 8.00 × 5/30 = 2.666…; the fee stays
    // (the period's maximum, 12, entered tier 2). Period: (100×15 + 116×10 + 100×5)/30 = 105.33.
    assertThat(remove.amountMinor()).isEqualTo(-267);
    assertThat(april.chargedMinor() + add.amountMinor() + remove.amountMinor()).isEqualTo(12533);
  }

  @Test
  void volumeChargesTheWholeCountAtTheTierItReaches() {
    MeterAggregate april = heldFrom(VOLUME, UTC, "10", at("2026-04-01T00:00:00Z"));
    RatingResult.Priced p = priced(VOLUME.rate(UTC, seats("1", at("2026-04-16T00:00:00Z")), april));
    // 10 × 10.00 for 15 days, 11 × 8.00 for 15: (100 + 88) / 2 = 94.00; a credit of 6.00.
    assertThat(p.amountMinor()).isEqualTo(-600);
  }

  @Test
  void aPeriodStartChargesTheUnitsHeldForTheWholePeriod() {
    RatingResult.Priced added =
        priced(PER_UNIT.rate(UTC, seats("6", at("2026-04-10T00:00:00Z")), null));
    assertThat(added.amountMinor()).isEqualTo(4200); // 6 × 10 × 21/30

    RatingResult.Priced may =
        priced(PER_UNIT.rollOver(UTC, "seats", added.after(), at("2026-05-01T00:00:00Z")));

    assertThat(may.amountMinor()).isEqualTo(6000);
    assertThat(may.kind()).isEqualTo(ChargeKind.RECURRING);
    assertThat(may.period()).isEqualTo("2026-05");
    assertThat(may.billedQuantity()).isEqualByComparingTo("6");
    assertThat(may.unitAmount()).isEqualByComparingTo("10.00");
    assertThat(may.after().recurring()).isEqualTo(RecurringUnits.startingWith(new BigDecimal("6")));
    assertThat(PER_UNIT.periodEnd("seats", UTC, at("2026-04-10T00:00:00Z")))
        .isEqualTo(at("2026-05-01T00:00:00Z"));
  }

  @Test
  void aLateChangeIsChargedInItsPeriodAndCarriedIntoTheNextOneAlreadyBegun() {
    MeterAggregate april = heldFrom(PER_UNIT, UTC, "6", at("2026-04-01T00:00:00Z"));
    MeterAggregate may =
        priced(PER_UNIT.rollOver(UTC, "seats", april, at("2026-05-01T00:00:00Z"))).after();

    // A removal on April 21 arrives in May: April gets its credit, May began with one seat less.
    RatingResult.Priced late =
        priced(PER_UNIT.rate(UTC, seats("-1", at("2026-04-21T00:00:00Z")), april));
    RatingResult.Priced carried =
        priced(PER_UNIT.carryForward(UTC, "seats", may, BigDecimal.ONE.negate()));

    assertThat(late.amountMinor()).isEqualTo(-333); // 10.00 × 10/30
    assertThat(carried.amountMinor()).isEqualTo(-1000); // the whole of May
    assertThat(carried.kind()).isEqualTo(ChargeKind.RECURRING);
    assertThat(carried.period()).isEqualTo("2026-05");
    assertThat(carried.after().aggregate()).isEqualByComparingTo("5");
    assertThat(carried.after().recurring().startCount()).isEqualByComparingTo("5");
  }

  @Test
  void aLateChangeBeforeEarlierOnesIsPricedInTimeOrder() {
    RatingResult.Priced first =
        priced(PER_UNIT.rate(UTC, seats("1", at("2026-04-21T00:00:00Z")), null));
    RatingResult.Priced earlier =
        priced(PER_UNIT.rate(UTC, seats("1", at("2026-04-11T00:00:00Z")), first.after()));

    assertThat(first.amountMinor()).isEqualTo(333); // 10/30
    assertThat(earlier.amountMinor()).isEqualTo(667); // 20/30: the period totals 10.00
    assertThat(earlier.after().recurring().changes())
        .extracting(UnitChange::at)
        .containsExactly(at("2026-04-11T00:00:00Z"), at("2026-04-21T00:00:00Z"));
  }

  @Test
  void daysAreReckonedInTheAccountsZone() {
    // 23:30 on April 9 in New York is 03:30 UTC on the 10th: the change belongs to the 9th.
    Instant nineth = at("2026-04-10T03:30:00Z");
    assertThat(priced(PER_UNIT.rate(NEW_YORK, seats("1", nineth), null)).amountMinor())
        .isEqualTo(733); // 22/30 → 7.333…
    assertThat(priced(PER_UNIT.rate(UTC, seats("1", nineth), null)).amountMinor())
        .isEqualTo(700); // 21/30
    assertThat(PER_UNIT.periodEnd("seats", NEW_YORK, nineth)).isEqualTo(at("2026-05-01T04:00:00Z"));
  }

  @Test
  void shortAndLongMonths() {
    // February 2026 has 28 days: from the 10th, 19 are left; March has 31: 22 are left.
    assertThat(
            priced(PER_UNIT.rate(UTC, seats("1", at("2026-02-10T00:00:00Z")), null)).amountMinor())
        .isEqualTo(679); // 6.7857…
    assertThat(
            priced(PER_UNIT.rate(UTC, seats("1", at("2026-03-10T23:59:59Z")), null)).amountMinor())
        .isEqualTo(710); // 7.0967…
  }

  @Test
  void secondsProrationCountsTheHourDaylightSavingTakesFromMarch() {
    // New York's March 2026: 05:00Z on the 1st to 04:00Z on April 1 = 31 days less an hour,
    // 2,674,800 s. A seat from 00:00 EDT on the 16th holds 16 days = 1,382,400 s of it.
    RatingResult.Priced p =
        priced(PER_SECOND.rate(NEW_YORK, seats("1", at("2026-03-16T04:00:00Z")), null));
    assertThat(p.amountMinor()).isEqualTo(517); // 10 × 1,382,400 / 2,674,800 = 5.1682…
  }

  @Test
  void aPeriodWhoseCountEndsBelowZeroCostsNothing() {
    MeterAggregate april = heldFrom(PER_UNIT, UTC, "2", at("2026-04-01T00:00:00Z"));
    RatingResult.Priced p =
        priced(PER_UNIT.rate(UTC, seats("-3", at("2026-04-16T00:00:00Z")), april));

    assertThat(p.amountMinor()).isEqualTo(-2000);
    assertThat(p.after().aggregate()).isEqualByComparingTo("-1");
    RatingResult.Priced back =
        priced(PER_UNIT.rate(UTC, seats("1", at("2026-04-26T00:00:00Z")), p.after()));
    // Back to 0: 2 seats for 15 days is 10.00 again.
    assertThat(back.amountMinor()).isEqualTo(1000);
  }

  @Test
  void negativeQuantitiesAreForRecurringMetersOnly() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                seats:
                  unit: seat
                  aggregation: sum
                  recurring: true
                  price: { model: per_unit, unit_price: 10.00 }
                calls:
                  unit: call
                  aggregation: sum
                  price: { model: per_unit, unit_price: 0.01 }
                """));
    Usage call =
        new Usage(
            "e", "calls", new BigDecimal("-1"), at("2026-04-10T00:00:00Z"), Map.of(), null, null);
    assertThat(rules.rate(UTC, call, null)).isInstanceOf(RatingResult.Refused.class);
    assertThat(rules.rate(UTC, seats("-1", at("2026-04-10T00:00:00Z")), null))
        .isInstanceOf(RatingResult.Priced.class);
    assertThat(rules.recurringItems()).containsExactly("seats");
    assertThat(rules.isRecurring("seats")).isTrue();
    assertThat(rules.isRecurring("calls")).isFalse();
  }

  @Test
  void theRecurringMeterOfAnotherCurrencyIsRefused() {
    AccountContext eur = Fixtures.account("acc-eur", "EUR", ZoneOffset.UTC);
    assertThat(PER_UNIT.rollOver(eur, "seats", null, at("2026-05-01T00:00:00Z")))
        .isInstanceOf(RatingResult.Refused.class);
    assertThat(PER_UNIT.change(UTC, "nothing", null, at("2026-05-01T00:00:00Z"), BigDecimal.ONE))
        .isInstanceOf(RatingResult.Refused.class);
    assertThat(PER_UNIT.change(UTC, "seats", null, null, BigDecimal.ONE))
        .isInstanceOf(RatingResult.Refused.class);
    assertThat(PER_UNIT.carryForward(UTC, "seats", null, BigDecimal.ONE))
        .isInstanceOf(RatingResult.Refused.class);
    assertThat(PER_UNIT.rollOver(UTC, "seats", null, null))
        .isInstanceOf(RatingResult.Refused.class);
  }

  @Test
  void anniversaryPeriodsEndOnTheNextAnchorDay() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                seats:
                  unit: seat
                  aggregation: sum
                  recurring: true
                  period: { type: anniversary, anchor_day: 31 }
                  price: { model: per_unit, unit_price: 28.00 }
                """));
    Instant feb10 = at("2026-02-10T00:00:00Z");
    assertThat(rules.periodOf("seats", UTC, feb10)).isEqualTo("2026-01-31");
    assertThat(rules.periodEnd("seats", UTC, feb10)).isEqualTo(at("2026-02-28T00:00:00Z"));
    // 2026-01-31 to 2026-02-28 is 28 days; from Feb 10 (offset 10), 18 are left: 28 × 18/28.
    assertThat(priced(rules.rate(UTC, seats("1", feb10), null)).amountMinor()).isEqualTo(1800);
  }

  /** The worked example of pricing-rules/README.md, "Recurring meters", on subscriptions/. */
  @Test
  void theReadmesWorkedExample() throws Exception {
    RuleSet team =
        RuleFiles.parse(Fixtures.rulesDir().resolve("subscriptions").resolve("team-usd.yaml"));
    AccountContext account = new AccountContext("acc-t", "team", "smb", "USD", ZoneOffset.UTC);

    RatingResult.Priced april =
        priced(team.rate(account, seats("1", at("2026-04-10T10:00:00Z")), null));
    assertThat(april.amountMinor()).isEqualTo(840);

    MeterAggregate may = heldFrom(team, account, "5", at("2026-05-01T00:00:00Z"));
    assertThat(may.chargedMinor()).isEqualTo(6000);
    assertThat(
            priced(team.rate(account, seats("-1", at("2026-05-22T10:00:00Z")), may)).amountMinor())
        .isEqualTo(-387);

    MeterAggregate june = heldFrom(team, account, "10", at("2026-06-01T00:00:00Z"));
    RatingResult.Priced add =
        priced(team.rate(account, seats("2", at("2026-06-16T10:00:00Z")), june));
    RatingResult.Priced remove =
        priced(team.rate(account, seats("-2", at("2026-06-26T10:00:00Z")), add.after()));
    assertThat(june.chargedMinor()).isEqualTo(12000);
    assertThat(add.amountMinor()).isEqualTo(3400);
    assertThat(remove.amountMinor()).isEqualTo(-300);
    assertThat(remove.after().chargedMinor()).isEqualTo(15100);

    // The removal arriving after July began with 12 seats: carried into July.
    MeterAggregate july =
        priced(team.rollOver(account, "seats", add.after(), at("2026-07-01T00:00:00Z"))).after();
    assertThat(july.chargedMinor()).isEqualTo(16300);
    assertThat(
            priced(team.carryForward(account, "seats", july, new BigDecimal("-2"))).amountMinor())
        .isEqualTo(-4300);
  }
}

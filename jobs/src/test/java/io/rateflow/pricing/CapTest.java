package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A meter's cap per period, checked by hand: charges stop at it, the crossing one is cut. */
class CapTest {
  private static final Instant MARCH_10 = Instant.parse("2026-03-10T12:00:00Z");

  /** Prices the usages one after another, keeping the aggregate, and returns the results. */
  private static List<RatingResult.Priced> rateAll(RuleSet rules, Usage... usages) {
    MeterAggregate agg = null;
    List<RatingResult.Priced> results = new java.util.ArrayList<>();
    for (Usage u : usages) {
      RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, u, agg));
      assertBreakdownAddsUp(p);
      results.add(p);
      agg = p.after();
    }
    return results;
  }

  private static void assertBreakdownAddsUp(RatingResult.Priced p) {
    BigDecimal sum =
        p.breakdown().stream()
            .map(c -> new BigDecimal(c.amount()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(BigDecimal.valueOf(p.amountMinor(), 2));
  }

  private static Usage gb(String quantity) {
    return usage("gb", quantity, MARCH_10, Map.of());
  }

  private static long[] amounts(List<RatingResult.Priced> results) {
    return results.stream().mapToLong(RatingResult.Priced::amountMinor).toArray();
  }

  @Test
  void theEventCrossingTheCapIsCutToTheRemainderAndLaterOnesCostNothing() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                gb:
                  unit: GB
                  aggregation: sum
                  cap: 5.00
                  price: { model: per_unit, unit_price: 0.10 }
                """));
    // uncapped 3.00, 1.50, 1.00, 0.50: the period's total goes 3.00, 4.50, 5.50, 6.00
    List<RatingResult.Priced> r = rateAll(rules, gb("30"), gb("15"), gb("10"), gb("5"));
    assertThat(amounts(r)).containsExactly(300, 150, 50, 0);
    assertThat(r.get(2).breakdown())
        .contains(new PriceComponent("cap", "cap 5.00 per period", "1", "-0.50", "-0.50"));
    assertThat(r.get(1).breakdown()).extracting(PriceComponent::kind).doesNotContain("cap");
    assertThat(r.get(3).breakdown())
        .contains(new PriceComponent("cap", "cap 5.00 per period", "1", "-0.50", "-0.50"));
    // after keeps the uncapped total, so the next event knows how far past the cap the period is
    assertThat(r.stream().map(p -> p.after().chargedMinor()))
        .containsExactly(300L, 450L, 550L, 600L);

    // a new period starts below the cap again
    RatingResult.Priced april =
        priced(
            rules.rate(
                USD_ACCOUNT,
                usage("gb", "10", Instant.parse("2026-04-01T00:00:00Z"), Map.of()),
                r.get(3).after()));
    assertThat(april.amountMinor()).isEqualTo(100);
    assertThat(april.after().chargedMinor()).isEqualTo(100);
  }

  @Test
  void creditsUnderAVolumePriceAreCreditedOnlyBelowTheCap() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                gb:
                  unit: GB
                  aggregation: sum
                  cap: 80
                  price:
                    model: volume
                    tiers:
                      - { up_to: 100, unit_price: 1.00 }
                      - { unit_price: 0.50 }
                """));
    // period price 60.00, 100.00, 50.50 (101 units all at 0.50), 80.00 (160), 100.00 (200)
    // capped at 80: 60.00, 80.00, 50.50, 80.00, 80.00 — the charges are the differences
    List<RatingResult.Priced> r = rateAll(rules, gb("60"), gb("40"), gb("1"), gb("59"), gb("40"));
    assertThat(amounts(r)).containsExactly(6000, 2000, -2950, 2950, 0);
    assertThat(r.get(1).breakdown())
        .contains(new PriceComponent("cap", "cap 80.00 per period", "1", "-20.00", "-20.00"));
    // the uncapped credit is 49.50, but only the 29.50 below the cap was ever charged
    assertThat(r.get(2).breakdown())
        .contains(new PriceComponent("cap", "cap 80.00 per period", "1", "20.00", "20.00"));
    assertThat(r.get(4).after().chargedMinor()).isEqualTo(10000);
    assertThat(java.util.Arrays.stream(amounts(r)).sum()).isEqualTo(8000);
  }

  @Test
  void promotionsApplyToTheCappedCharge() {
    RuleSet rules =
        Fixtures.parse(
            """
            id: capped-promo
            version: 1
            effective_from: 2026-01-01T00:00:00Z
            currency: USD
            meters:
              gb:
                unit: GB
                aggregation: sum
                cap: 10.00
                price: { model: per_unit, unit_price: 1.00 }
            promotions:
              - { id: ten-off, percent_off: 10 }
            """);
    List<RatingResult.Priced> r = rateAll(rules, gb("8"), gb("5"), gb("1"));
    // uncapped 8.00, 5.00, 1.00 → capped 8.00, 2.00, 0 → 10 % off: 7.20, 1.80, 0
    assertThat(amounts(r)).containsExactly(720, 180, 0);
    assertThat(r.get(1).breakdown())
        .extracting(PriceComponent::kind, PriceComponent::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("unit", "5.00"),
            org.assertj.core.groups.Tuple.tuple("cap", "-3.00"),
            org.assertj.core.groups.Tuple.tuple("discount", "-0.20"));
    // the cap bounds the undiscounted charges, which the aggregate keeps
    assertThat(r.get(2).after().chargedMinor()).isEqualTo(1400);
  }

  @Test
  void windowsAndDimensionsShareTheMetersCap() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                gb:
                  unit: GB
                  aggregation: sum
                  cap: 10.00
                  dimensions:
                    - match: { region: eu }
                      price: { model: per_unit, unit_price: 2.00 }
                  price:
                    windows:
                      - { name: peak, days: [MON, TUE, WED, THU, FRI], price: { model: per_unit, unit_price: 1.00 } }
                      - { name: weekend, price: { model: per_unit, unit_price: 0.50 } }
                """));
    Instant tuesday = Instant.parse("2026-03-10T12:00:00Z");
    Instant saturday = Instant.parse("2026-03-14T12:00:00Z");
    List<RatingResult.Priced> r =
        rateAll(
            rules,
            usage("gb", "6", tuesday, Map.of()), // peak 6.00, total 6.00
            usage("gb", "6", saturday, Map.of()), // weekend 3.00, total 9.00
            usage("gb", "1", tuesday, Map.of("region", "eu")), // eu 2.00, total 11.00: cut to 1.00
            usage("gb", "4", saturday, Map.of())); // weekend 2.00, past the cap: 0
    assertThat(amounts(r)).containsExactly(600, 300, 100, 0);
    assertThat(r.get(2).breakdown())
        .contains(new PriceComponent("cap", "cap 10.00 per period", "1", "-1.00", "-1.00"));
    assertThat(r.get(3).after().chargedMinor()).isEqualTo(1300);
  }

  @Test
  void percentageChargesStopAtTheCapToo() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                payments:
                  unit: payment
                  aggregation: count
                  cap: 5
                  price: { model: percentage, rate: 2, fixed_fee: 0.30 }
                """));
    // 2.30, 2.30, then 2.30 cut to the remaining 0.40
    Usage pay = Fixtures.valued("payments", "1", "100");
    assertThat(amounts(rateAll(rules, pay, pay, pay))).containsExactly(230, 230, 40);
  }

  @Test
  void aZeroCapMakesTheMeterFree() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                gb:
                  unit: GB
                  aggregation: sum
                  cap: 0
                  price: { model: per_unit, unit_price: 0.10 }
                """));
    assertThat(amounts(rateAll(rules, gb("30"), gb("1")))).containsExactly(0, 0);
  }

  @Test
  void aCapIsMoneyNoFinerThanTheMinorUnitAndNotNegative() {
    String meter =
        """
        gb:
          unit: GB
          aggregation: sum
          cap: %s
          price: { model: per_unit, unit_price: 1 }
        """;
    assertThatThrownBy(
            () ->
                RuleParser.parse(
                    Fixtures.document("currency: USD", meter.formatted("-1")), "c.yaml"))
        .isInstanceOf(RuleValidationException.class)
        .hasMessage("c.yaml:9: meter 'gb': cap must not be negative, got -1");
    assertThatThrownBy(
            () ->
                RuleParser.parse(
                    Fixtures.document("currency: USD", meter.formatted("12.345")), "c.yaml"))
        .isInstanceOf(RuleValidationException.class)
        .hasMessage(
            "c.yaml:9: meter 'gb': cap 12.345 is finer than the minor unit of USD (2 digits); the"
                + " charges stop exactly at the cap, so write it in whole minor units");
    assertThatThrownBy(
            () ->
                RuleParser.parse(
                    Fixtures.document("currency: JPY", meter.formatted("500.5")), "c.yaml"))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining("cap 500.5 is finer than the minor unit of JPY (0 digits)");
    // trailing zeros are not finer
    assertThat(Fixtures.parse(Fixtures.document("currency: JPY", meter.formatted("500.00"))))
        .isNotNull();
  }
}

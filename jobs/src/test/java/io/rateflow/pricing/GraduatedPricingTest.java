package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.charges;
import static io.rateflow.pricing.Fixtures.document;
import static io.rateflow.pricing.Fixtures.parse;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class GraduatedPricingTest {
  // (0,100] at 0.10, (100,1000] at 0.05 plus a 2.00 fee on entering, beyond at 0.01
  private final RuleSet rules =
      parse(
          document(
              "currency: USD",
              """
            calls:
              unit: call
              aggregation: sum
              price:
                model: graduated
                tiers:
                  - { up_to: 100, unit_price: 0.10 }
                  - { up_to: 1000, unit_price: 0.05, flat_fee: 2.00 }
                  - { unit_price: 0.01 }
            """));

  @Test
  void unitsInTheFirstTier() {
    assertThat(charges(rules, USD_ACCOUNT, "calls", "10")).containsExactly(100); // 10 × 0.10 = 1.00
  }

  @Test
  void upToIsInclusive_exactlyAtTheBoundaryStaysInTheLowerTier() {
    RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, usage("calls", "100"), null));
    assertThat(p.amountMinor()).isEqualTo(1000); // 100 × 0.10, no tier-2 fee
    assertThat(p.breakdown()).extracting(PriceComponent::kind).containsExactly("tier");
  }

  @Test
  void oneUnitPastTheBoundaryEntersTheNextTierAndPaysItsFee() {
    // 100 × 0.10 + 1 × 0.05 + 2.00 = 12.05
    assertThat(charges(rules, USD_ACCOUNT, "calls", "101")).containsExactly(1205);
    // the same, split into two events: the second pays only the difference
    assertThat(charges(rules, USD_ACCOUNT, "calls", "100", "1")).containsExactly(1000, 205);
  }

  @Test
  void anEventSpanningTiersIsChargedPerTierAndExplained() {
    RatingResult.Priced first = priced(rules.rate(USD_ACCOUNT, usage("calls", "50"), null));
    RatingResult.Priced second =
        priced(rules.rate(USD_ACCOUNT, usage("calls", "1000"), first.after()));
    // 50 × 0.10 + 900 × 0.05 + 2.00 + 50 × 0.01 = 5 + 45 + 2 + 0.5
    assertThat(second.amountMinor()).isEqualTo(5250);
    assertThat(second.breakdown())
        .containsExactly(
            new PriceComponent("tier", "tier 1 (0, 100]", "50", "0.10", "5.00"),
            new PriceComponent("tier", "tier 2 (100, 1000]", "900", "0.05", "45.00"),
            new PriceComponent("flat_fee", "tier 2 (100, 1000] entry fee", "1", "2.00", "2.00"),
            new PriceComponent("tier", "tier 3 (1000, unbounded)", "50", "0.01", "0.50"));
    assertThat(second.after().aggregate()).isEqualByComparingTo("1050");
    assertThat(second.model()).isEqualTo("graduated");
    assertThat(second.period()).isEqualTo("2026-03");
  }

  @Test
  void zeroUsageCostsNothing() {
    RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, usage("calls", "0"), null));
    assertThat(p.amountMinor()).isZero();
    assertThat(p.breakdown()).isEmpty();
  }

  @Test
  void fractionalChargesCarryTheRoundingSoThePeriodAddsUp() {
    // 0.004 + 0.004 + 0.004 ... of a dollar per event: each rounds to 0 alone, but the total does
    // not drift.
    RuleSet perUnit =
        parse(
            document(
                "currency: USD",
                """
                tokens:
                  unit: token
                  aggregation: sum
                  price: { model: per_unit, unit_price: 0.001 }
                """));
    long[] c = charges(perUnit, USD_ACCOUNT, "tokens", "4", "4", "4", "4");
    // totals 0.004, 0.008, 0.012, 0.016 round to 0, 1, 1, 2 cents
    assertThat(c).containsExactly(0, 1, 0, 1);
    RatingResult.Priced second =
        priced(
            perUnit.rate(
                USD_ACCOUNT,
                usage("tokens", "4"),
                new MeterAggregate("2026-03", new BigDecimal("4"), java.util.Set.of())));
    assertThat(second.breakdown())
        .containsExactly(
            new PriceComponent("unit", "per unit", "4", "0.001", "0.004"),
            new PriceComponent("rounding", "rounded to 2 digits HALF_EVEN", "1", "0.006", "0.006"));
  }

  @Test
  void aNewPeriodStartsFromZero() {
    RatingResult.Priced march = priced(rules.rate(USD_ACCOUNT, usage("calls", "100"), null));
    Usage april =
        new Usage(
            "e2",
            "calls",
            new BigDecimal("1"),
            java.time.Instant.parse("2026-04-01T00:00:00Z"),
            java.util.Map.of(),
            null,
            null);
    RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, april, march.after()));
    assertThat(p.period()).isEqualTo("2026-04");
    assertThat(p.amountMinor()).isEqualTo(10);
    assertThat(p.after().aggregate()).isEqualByComparingTo("1");
  }
}

package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.document;
import static io.rateflow.pricing.Fixtures.parse;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.valued;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Percentage, graduated percentage and dynamic pricing, by hand-computed examples. */
class PerEventModelsTest {
  private final RuleSet payments =
      parse(
          document(
              "currency: USD",
              """
            payments:
              unit: payment
              aggregation: count
              price: { model: percentage, rate: 2.9, fixed_fee: 0.30, minimum: 0.50, maximum: 25.00 }
            """));

  private long charge(RuleSet rules, Usage usage, MeterAggregate before) {
    return priced(rules.rate(USD_ACCOUNT, usage, before)).amountMinor();
  }

  @Test
  void percentageOfValuePlusFixedFee() {
    RatingResult.Priced p =
        priced(payments.rate(USD_ACCOUNT, valued("payments", "1", "100"), null));
    assertThat(p.amountMinor()).isEqualTo(320); // 2.90 + 0.30
    assertThat(p.breakdown())
        .containsExactly(
            new PriceComponent("percentage", "2.9% of value", "100", "0.029", "2.900"),
            new PriceComponent("fixed_fee", "fee per event", "1", "0.30", "0.30"));
    // 10.50 × 2.9% + 0.30 = 0.6045, rounded per event
    assertThat(charge(payments, valued("payments", "1", "10.50"), null)).isEqualTo(60);
  }

  @Test
  void perEventMinimumAndMaximum() {
    RatingResult.Priced small =
        priced(payments.rate(USD_ACCOUNT, valued("payments", "1", "5"), null));
    assertThat(small.amountMinor()).isEqualTo(50); // 0.145 + 0.30 = 0.445 < 0.50
    assertThat(small.breakdown())
        .last()
        .isEqualTo(new PriceComponent("minimum", "minimum 0.50 per event", "1", "0.055", "0.055"));
    RatingResult.Priced large =
        priced(payments.rate(USD_ACCOUNT, valued("payments", "1", "1000"), null));
    assertThat(large.amountMinor()).isEqualTo(2500); // 29.30 > 25.00
    assertThat(large.breakdown())
        .last()
        .isEqualTo(
            new PriceComponent("maximum", "maximum 25.00 per event", "1", "-4.300", "-4.300"));
  }

  @Test
  void percentageWithoutValueIsRefused() {
    RatingResult r = payments.rate(USD_ACCOUNT, valued("payments", "1", null), null);
    assertThat(r)
        .isInstanceOfSatisfying(
            RatingResult.Refused.class,
            refused -> {
              assertThat(refused.reasonCode()).isEqualTo("INVALID_EVENT");
              assertThat(refused.message()).contains("has no value");
            });
  }

  @Test
  void aValueAboveTheMaximumIsRefusedNotCharged() {
    RatingResult r =
        payments.rate(USD_ACCOUNT, valued("payments", "1", "1000000000000000000"), null);
    assertThat(r)
        .isInstanceOfSatisfying(
            RatingResult.Refused.class,
            refused -> {
              assertThat(refused.reasonCode()).isEqualTo("INVALID_EVENT");
              assertThat(refused.message())
                  .contains("1000000000000000000")
                  .contains("maximum 1000000000");
            });
    // the bound itself is still charged: 10^9 × 2.9% + 0.30 capped at 25.00
    assertThat(charge(payments, valued("payments", "1", "1000000000"), null)).isEqualTo(2500);
  }

  @Test
  void freeEventsInThePeriod() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                payments:
                  unit: payment
                  aggregation: count
                  price: { model: percentage, rate: 10, fixed_fee: 0.10, free_events: 2 }
                """));
    MeterAggregate agg = null;
    long[] charges = new long[3];
    for (int i = 0; i < 3; i++) {
      RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, valued("payments", "1", "10"), agg));
      charges[i] = p.amountMinor();
      agg = p.after();
    }
    assertThat(charges).containsExactly(0, 0, 110);
  }

  @Test
  void freeUnitsChargeOnlyThePartOfAnEventBeyondThem() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                transfers:
                  unit: transfer
                  aggregation: sum
                  price: { model: percentage, rate: 10, free_units: 10 }
                """));
    RatingResult.Priced first =
        priced(rules.rate(USD_ACCOUNT, valued("transfers", "6", "60"), null));
    assertThat(first.amountMinor()).isZero();
    // 6 more units straddle the allowance at 10: 2 of 6 are charged, so 20 of the 60 value, at 10%
    RatingResult.Priced second =
        priced(rules.rate(USD_ACCOUNT, valued("transfers", "6", "60"), first.after()));
    assertThat(second.amountMinor()).isEqualTo(200);
    assertThat(charge(rules, valued("transfers", "1", "7"), second.after())).isEqualTo(70);
  }

  @Test
  void roundingModeDecidesExactHalves() {
    String meter =
        """
                fees:
                  unit: fee
                  aggregation: count
                  price: { model: percentage, rate: 10 }
                """;
    RuleSet halfEven = parse(document("currency: USD", meter));
    RuleSet halfUp = parse(document("currency: USD\nrounding: HALF_UP", meter));
    // 0.025 → 2 (to even) or 3 (up) cents; 0.035 → 4 either way
    assertThat(charge(halfEven, valued("fees", "1", "0.25"), null)).isEqualTo(2);
    assertThat(charge(halfUp, valued("fees", "1", "0.25"), null)).isEqualTo(3);
    assertThat(charge(halfEven, valued("fees", "1", "0.35"), null)).isEqualTo(4);
    assertThat(charge(halfUp, valued("fees", "1", "0.35"), null)).isEqualTo(4);
  }

  @Test
  void graduatedPercentageTiersTheCumulativeValue() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                volume:
                  unit: payment
                  aggregation: sum
                  price:
                    model: graduated_percentage
                    tiers:
                      - { up_to: 1000, rate: 3 }
                      - { rate: 2 }
                """));
    RatingResult.Priced first = priced(rules.rate(USD_ACCOUNT, valued("volume", "1", "600"), null));
    assertThat(first.amountMinor()).isEqualTo(1800);
    assertThat(first.after().aggregate())
        .isEqualByComparingTo("600"); // the value, not the quantity
    RatingResult.Priced second =
        priced(rules.rate(USD_ACCOUNT, valued("volume", "1", "600"), first.after()));
    assertThat(second.amountMinor()).isEqualTo(1600); // 400 × 3% + 200 × 2%
    assertThat(second.model()).isEqualTo("graduated_percentage");
  }

  @Test
  void dynamicPassesTheEventsUnitPriceThroughWithAMarkup() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                llm_tokens:
                  unit: 1k tokens
                  aggregation: sum
                  price: { model: dynamic, markup_percent: 10 }
                """));
    Usage usage =
        new Usage(
            "e1",
            "llm_tokens",
            new BigDecimal("3"),
            Instant.parse("2026-03-10T12:00:00Z"),
            Map.of(),
            null,
            new BigDecimal("0.10"));
    RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, usage, null));
    assertThat(p.amountMinor()).isEqualTo(33);
    assertThat(p.breakdown())
        .containsExactly(
            new PriceComponent("pass_through", "unit price on event", "3", "0.10", "0.30"),
            new PriceComponent("markup", "markup 10%", "0.30", "0.10", "0.0300"));
    Usage noPrice =
        new Usage("e2", "llm_tokens", BigDecimal.ONE, usage.eventTime(), Map.of(), null, null);
    assertThat(rules.rate(USD_ACCOUNT, noPrice, null))
        .isEqualTo(
            new RatingResult.Refused(
                "INVALID_EVENT",
                "event e2 on meter llm_tokens has no unit_price, which its dynamic price needs"));
  }
}

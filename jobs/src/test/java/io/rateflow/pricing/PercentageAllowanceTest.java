package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.priced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both free allowances on a percentage price, checked by hand: the first 3 events and the first 100
 * units free together, at 2 % + 0.30 per event.
 */
class PercentageAllowanceTest {
  private static final RuleSet RULES =
      Fixtures.parse(
          Fixtures.document(
              "currency: USD",
              """
              transfers:
                unit: GB
                aggregation: sum
                price:
                  model: percentage
                  rate: 2
                  fixed_fee: 0.30
                  free_events: 3
                  free_units: 100
              """));

  private static Usage transfer(String quantity, String value) {
    return new Usage(
        "t-" + quantity + "-" + value,
        "transfers",
        new BigDecimal(quantity),
        Instant.parse("2026-03-10T12:00:00Z"),
        Map.of(),
        new BigDecimal(value),
        null);
  }

  /** The charges of the (quantity, value) pairs, one after another in one period. */
  private static List<RatingResult.Priced> rate(String... quantityValuePairs) {
    List<RatingResult.Priced> results = new ArrayList<>();
    MeterAggregate agg = null;
    for (int i = 0; i < quantityValuePairs.length; i += 2) {
      RatingResult.Priced p =
          priced(
              RULES.rate(
                  USD_ACCOUNT, transfer(quantityValuePairs[i], quantityValuePairs[i + 1]), agg));
      results.add(p);
      agg = p.after();
    }
    return results;
  }

  private static long[] amounts(List<RatingResult.Priced> results) {
    return results.stream().mapToLong(RatingResult.Priced::amountMinor).toArray();
  }

  @Test
  void theEventCrossingTheFreeUnitsPaysTheFeeAndTheRateOnItsExcess() {
    // 40 and 50 units free (90 ≤ 100, events 1 and 2 of 3); the third (30 units, value 60) ends at
    // 120: 0.30 + 2 % of 60 × 20/30 = 0.30 + 0.80; the fourth pays in full: 0.30 + 2 % of 20
    List<RatingResult.Priced> r = rate("40", "80", "50", "100", "30", "60", "10", "20");
    assertThat(amounts(r)).containsExactly(0, 0, 110, 70);
    assertThat(r.get(0).breakdown())
        .containsExactly(
            new PriceComponent("free", "free allowance of 3 events and 100 units", "80", "0", "0"));
    assertThat(r.get(2).breakdown())
        .containsExactly(
            new PriceComponent("percentage", "2% of value", "40", "0.02", "0.80"),
            new PriceComponent("fixed_fee", "fee per event", "1", "0.30", "0.30"));
    assertThat(r.stream().map(p -> p.after().events())).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.get(3).after().aggregate()).isEqualByComparingTo("130");
  }

  @Test
  void freeWhileBothLast() {
    // three events, 100 units exactly: all free (the units after each are ≤ 100)
    assertThat(amounts(rate("30", "50", "30", "50", "40", "50"))).containsExactly(0, 0, 0);
  }

  @Test
  void theEventsRunOutFirst() {
    // 10 units each: the fourth event is past the 3 free events with only 40 of 100 units used
    assertThat(amounts(rate("10", "10", "10", "10", "10", "10", "10", "10")))
        .containsExactly(0, 0, 0, 50);
  }

  @Test
  void theUnitsRunOutFirst() {
    // 60 free; 50 crosses 100 (value 100 × 10/50 = 20: 0.30 + 0.40); the third event is within
    // the 3 events but the units are used up, so it pays in full: 0.30 + 2 % of 10
    assertThat(amounts(rate("60", "100", "50", "100", "5", "10"))).containsExactly(0, 70, 50);
  }

  @Test
  void anEventPastTheFreeEventsPaysInFullEvenIfItWouldCrossTheUnits() {
    // events 1-3 use 30 units; the 4th, 100 units (value 100), is past the free events: all paid
    assertThat(amounts(rate("10", "1", "10", "1", "10", "1", "100", "100")))
        .containsExactly(0, 0, 0, 230);
  }

  @Test
  void freeEventsAloneStillCountTheCountAggregate() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                payments:
                  unit: payment
                  aggregation: count
                  price: { model: percentage, rate: 2, fixed_fee: 0.30, free_events: 2 }
                """));
    // an aggregate from before issue 12 has no event count: the count aggregate still decides
    MeterAggregate old = new MeterAggregate("2026-03", new BigDecimal("2"), null);
    RatingResult.Priced third =
        priced(rules.rate(USD_ACCOUNT, Fixtures.valued("payments", "1", "100"), old));
    assertThat(third.amountMinor()).isEqualTo(230);
  }

  @Test
  void everyPricedUsageCountsAnEventWhateverTheModelOrAggregation() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                users:
                  unit: user
                  aggregation: unique_count
                  unique_attribute: user_id
                  price: { model: per_unit, unit_price: 1 }
                """));
    Usage alice =
        Fixtures.usage(
            "users", "1", Instant.parse("2026-03-10T12:00:00Z"), Map.of("user_id", "alice"));
    RatingResult.Priced first = priced(rules.rate(USD_ACCOUNT, alice, null));
    RatingResult.Priced again = priced(rules.rate(USD_ACCOUNT, alice, first.after()));
    assertThat(again.amountMinor()).isZero();
    assertThat(again.after().aggregate()).isEqualByComparingTo("1");
    assertThat(again.after().events()).isEqualTo(2);
  }

  @Test
  void bothAllowancesNeedASumMeter() {
    String doc =
        Fixtures.document(
            "currency: USD",
            """
            payments:
              unit: payment
              aggregation: count
              price: { model: percentage, rate: 2, free_events: 3, free_units: 100 }
            """);
    assertThatThrownBy(() -> RuleParser.parse(doc, "p.yaml"))
        .isInstanceOf(RuleValidationException.class)
        .hasMessage(
            "p.yaml:9: meter 'payments' price (percentage): free_events with free_units needs the"
                + " meter's aggregation to be sum (free_units are its quantity; events are counted"
                + " apart), not count");
  }
}

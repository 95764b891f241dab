package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.charges;
import static io.rateflow.pricing.Fixtures.document;
import static io.rateflow.pricing.Fixtures.parse;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Volume, package and the aggregations, by hand-computed examples. */
class CumulativeModelsTest {

  @Test
  void volumePricesAllUnitsAtTheTierReached_soCrossingIntoACheaperTierIsACredit() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                gb:
                  unit: GB
                  aggregation: sum
                  price:
                    model: volume
                    tiers:
                      - { up_to: 100, unit_price: 1.00 }
                      - { up_to: 1000, unit_price: 0.80, flat_fee: 5 }
                      - { unit_price: 0.50 }
                """));
    // exactly 100 is still tier 1: 100.00; one more moves all 101 to tier 2: 101 × 0.80 + 5 = 85.80
    assertThat(charges(rules, USD_ACCOUNT, "gb", "100", "1")).containsExactly(10000, -1420);
    RatingResult.Priced first = priced(rules.rate(USD_ACCOUNT, usage("gb", "100"), null));
    RatingResult.Priced second = priced(rules.rate(USD_ACCOUNT, usage("gb", "1"), first.after()));
    assertThat(second.breakdown())
        .containsExactly(
            new PriceComponent("tier", "tier 2 (100, 1000]", "101", "0.80", "80.80"),
            new PriceComponent("flat_fee", "tier 2 (100, 1000] fee", "1", "5", "5"),
            new PriceComponent("tier", "tier 1 (0, 100]", "-100", "1.00", "-100.00"));
    assertThat(charges(rules, USD_ACCOUNT, "gb", "1001")).containsExactly(50050); // 1001 × 0.50
  }

  @Test
  void packageChargesPerStartedBlockAfterTheFreeUnits() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                sms:
                  unit: message
                  aggregation: sum
                  price: { model: package, block_size: 100, block_price: 0.75, free_units: 50 }
                """));
    // 50 free; 51st starts block 1; 150 fills it; 151 starts block 2
    assertThat(charges(rules, USD_ACCOUNT, "sms", "50", "1", "99", "1"))
        .containsExactly(0, 75, 0, 75);
    assertThat(charges(rules, USD_ACCOUNT, "sms", "0.5")).containsExactly(0);
    RatingResult.Priced p = priced(rules.rate(USD_ACCOUNT, usage("sms", "351"), null));
    assertThat(p.amountMinor()).isEqualTo(300); // ceil(301 / 100) = 4 blocks
    assertThat(p.breakdown())
        .containsExactly(
            new PriceComponent("block", "blocks of 100 after 50 free units", "4", "0.75", "3.00"));
  }

  @Test
  void maxChargesOnlyWhenTheMaximumGrows() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                storage_gb:
                  unit: GB
                  aggregation: max
                  price: { model: per_unit, unit_price: 0.023 }
                """));
    // 10 GB: 0.23; 8 GB: no new peak; 12 GB: 0.276 → 0.28, charged 0.05
    assertThat(charges(rules, USD_ACCOUNT, "storage_gb", "10", "8", "12"))
        .containsExactly(23, 0, 5);
  }

  @Test
  void latestCanGoDownAndThenTheChargeIsACredit() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                seats:
                  unit: seat
                  aggregation: latest
                  price: { model: per_unit, unit_price: 10 }
                """));
    assertThat(charges(rules, USD_ACCOUNT, "seats", "10", "4", "6"))
        .containsExactly(10000, -6000, 2000);
  }

  @Test
  void countCountsEventsWhateverTheirQuantity() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                logins:
                  unit: login
                  aggregation: count
                  price: { model: per_unit, unit_price: 0.10 }
                """));
    assertThat(charges(rules, USD_ACCOUNT, "logins", "5", "0", "1")).containsExactly(10, 10, 10);
  }

  @Test
  void uniqueCountCountsDistinctAttributeValuesExactly() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                active_users:
                  unit: user
                  aggregation: unique_count
                  unique_attribute: user_id
                  price: { model: per_unit, unit_price: 2 }
                """));
    Instant t = Instant.parse("2026-03-10T12:00:00Z");
    MeterAggregate agg = null;
    long[] expected = {200, 200, 0, 200};
    String[] users = {"u1", "u2", "u1", "u3"};
    for (int i = 0; i < users.length; i++) {
      RatingResult.Priced p =
          priced(
              rules.rate(
                  USD_ACCOUNT, usage("active_users", "1", t, Map.of("user_id", users[i])), agg));
      assertThat(p.amountMinor()).as("user %s", users[i]).isEqualTo(expected[i]);
      agg = p.after();
    }
    assertThat(agg.uniques()).containsExactlyInAnyOrder("u1", "u2", "u3");
    assertThat(agg.aggregate()).isEqualByComparingTo("3");

    RatingResult missing = rules.rate(USD_ACCOUNT, usage("active_users", "1"), agg);
    assertThat(missing)
        .isInstanceOfSatisfying(
            RatingResult.Refused.class,
            r -> {
              assertThat(r.reasonCode()).isEqualTo("INVALID_EVENT");
              assertThat(r.message()).contains("no attribute 'user_id'");
            });
  }
}

package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.account;
import static io.rateflow.pricing.Fixtures.document;
import static io.rateflow.pricing.Fixtures.parse;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Time-of-day windows, attribute dimensions and billing periods, all in the account's time zone.
 */
class WindowsDimensionsPeriodsTest {
  private static final Path EXAMPLES = Fixtures.rulesDir().resolve("examples");
  private static final AccountContext PARIS = account("acc-fr", "USD", ZoneId.of("Europe/Paris"));

  private static RuleSet example(String id) throws Exception {
    return RuleFiles.parse(EXAMPLES.resolve(id + ".yaml"));
  }

  private static RuleSet publicUsd() {
    try {
      return example("public-usd");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RatingResult.Priced price(
      RuleSet rules,
      AccountContext account,
      String meter,
      String instant,
      Map<String, String> attributes) {
    return priced(
        rules.rate(account, usage(meter, "10", Instant.parse(instant), attributes), null));
  }

  @Test
  void peakHoursAreReckonedInTheAccountsZone() throws Exception {
    RuleSet rules = example("public-usd");
    // Tuesday 2026-03-10, Paris is UTC+1: 07:30Z is 08:30 local (peak), 06:30Z is 07:30 local
    // (off-peak)
    RatingResult.Priced peak =
        price(rules, PARIS, "compute_minutes", "2026-03-10T07:30:00Z", Map.of());
    assertThat(peak.amountMinor()).isEqualTo(12); // 10 × 0.012
    assertThat(peak.breakdown().get(0).label()).isEqualTo("peak / per unit");
    assertThat(
            price(rules, PARIS, "compute_minutes", "2026-03-10T06:30:00Z", Map.of()).amountMinor())
        .isEqualTo(6);
    // the same instants for a UTC account: both before 08:00, off-peak
    assertThat(
            price(rules, USD_ACCOUNT, "compute_minutes", "2026-03-10T07:30:00Z", Map.of())
                .amountMinor())
        .isEqualTo(6);
  }

  @Test
  void windowEndsAreExclusiveAndWeekendsAreOffPeak() throws Exception {
    RuleSet rules = example("public-usd");
    assertThat(
            price(rules, USD_ACCOUNT, "compute_minutes", "2026-03-13T08:00:00Z", Map.of())
                .amountMinor())
        .as("Friday 08:00")
        .isEqualTo(12);
    assertThat(
            price(rules, USD_ACCOUNT, "compute_minutes", "2026-03-13T19:59:59Z", Map.of())
                .amountMinor())
        .as("Friday 19:59:59")
        .isEqualTo(12);
    assertThat(
            price(rules, USD_ACCOUNT, "compute_minutes", "2026-03-13T20:00:00Z", Map.of())
                .amountMinor())
        .as("Friday 20:00")
        .isEqualTo(6);
    assertThat(
            price(rules, USD_ACCOUNT, "compute_minutes", "2026-03-14T12:00:00Z", Map.of())
                .amountMinor())
        .as("Saturday noon")
        .isEqualTo(6);
  }

  @Test
  void theEventsRegionPicksThePriceAndOtherRegionsGetTheDefault() throws Exception {
    RuleSet rules = example("public-usd");
    String t = "2026-03-10T12:00:00Z";
    RatingResult.Priced eu =
        price(rules, USD_ACCOUNT, "data_transfer_gb", t, Map.of("region", "eu"));
    assertThat(eu.amountMinor()).isEqualTo(85); // 10 × 0.085
    assertThat(eu.breakdown().get(0).label()).isEqualTo("region=eu / tier 1 (0, 10240]");
    assertThat(
            price(rules, USD_ACCOUNT, "data_transfer_gb", t, Map.of("region", "apac"))
                .amountMinor())
        .isEqualTo(110);
    assertThat(
            price(rules, USD_ACCOUNT, "data_transfer_gb", t, Map.of("region", "mars"))
                .amountMinor())
        .isEqualTo(120);
    assertThat(price(rules, USD_ACCOUNT, "data_transfer_gb", t, Map.of()).amountMinor())
        .isEqualTo(120);
  }

  @Test
  void theMostSpecificDimensionWins_andNoMatchWithoutDefaultIsRefused() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                inference:
                  unit: 1k tokens
                  aggregation: sum
                  dimensions:
                    - match: { model: large }
                      price: { model: per_unit, unit_price: 1 }
                    - match: { model: large, service_tier: priority }
                      price: { model: per_unit, unit_price: 2 }
                    - match: { service_tier: priority }
                      price: { model: per_unit, unit_price: 3 }
                """));
    String t = "2026-03-10T12:00:00Z";
    assertThat(price(rules, USD_ACCOUNT, "inference", t, Map.of("model", "large")).amountMinor())
        .isEqualTo(1000);
    assertThat(
            price(
                    rules,
                    USD_ACCOUNT,
                    "inference",
                    t,
                    Map.of("model", "large", "service_tier", "priority"))
                .amountMinor())
        .isEqualTo(2000);
    assertThat(
            price(
                    rules,
                    USD_ACCOUNT,
                    "inference",
                    t,
                    Map.of("model", "small", "service_tier", "priority"))
                .amountMinor())
        .isEqualTo(3000);
    RatingResult none =
        rules.rate(
            USD_ACCOUNT, usage("inference", "1", Instant.parse(t), Map.of("model", "small")), null);
    assertThat(none)
        .isEqualTo(
            new RatingResult.Refused(
                "NO_PRICE",
                "rule set test v1 has no price for meter "
                    + "'inference' with attributes {model=small}: no dimension matches and there is no default price"));
  }

  @Test
  void calendarMonthsFollowTheAccountsZone() throws Exception {
    RuleSet rules = example("public-usd");
    Instant lastEveningOfMarchUtc = Instant.parse("2026-03-31T22:30:00Z");
    assertThat(rules.periodOf("api_calls", USD_ACCOUNT, lastEveningOfMarchUtc))
        .isEqualTo("2026-03");
    assertThat(rules.periodOf("api_calls", PARIS, lastEveningOfMarchUtc)).isEqualTo("2026-04");
  }

  @Test
  void anniversaryPeriodsStartOnTheAnchorDayOrTheMonthsLastDay() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                mid:
                  unit: u
                  aggregation: sum
                  period: { type: anniversary, anchor_day: 15 }
                  price: { model: per_unit, unit_price: 1 }
                late:
                  unit: u
                  aggregation: sum
                  period: { type: anniversary, anchor_day: 31 }
                  price: { model: per_unit, unit_price: 1 }
                """));
    assertThat(rules.periodOf("mid", USD_ACCOUNT, Instant.parse("2026-03-14T23:59:59Z")))
        .isEqualTo("2026-02-15");
    assertThat(rules.periodOf("mid", USD_ACCOUNT, Instant.parse("2026-03-15T00:00:00Z")))
        .isEqualTo("2026-03-15");
    assertThat(rules.periodOf("mid", USD_ACCOUNT, Instant.parse("2026-01-02T00:00:00Z")))
        .isEqualTo("2025-12-15");
    assertThat(rules.periodOf("late", USD_ACCOUNT, Instant.parse("2026-02-28T00:00:00Z")))
        .isEqualTo("2026-02-28");
    assertThat(rules.periodOf("late", USD_ACCOUNT, Instant.parse("2026-03-30T00:00:00Z")))
        .isEqualTo("2026-02-28");
    assertThat(rules.periodOf("late", USD_ACCOUNT, Instant.parse("2026-03-31T00:00:00Z")))
        .isEqualTo("2026-03-31");
    RatingResult.Priced p =
        priced(
            rules.rate(
                USD_ACCOUNT,
                usage("mid", "1", Instant.parse("2026-03-20T00:00:00Z"), Map.of()),
                null));
    assertThat(p.period()).isEqualTo("2026-03-15");
  }

  @Test
  void aUsagePeriodsStartIsTheStartOfThePeriodItsKeyNames() {
    RuleSet rules =
        parse(
            document(
                "currency: USD",
                """
                mid:
                  unit: u
                  aggregation: sum
                  period: { type: anniversary, anchor_day: 15 }
                  price: { model: per_unit, unit_price: 1 }
                """));
    RuleSet.UsagePeriod mid =
        rules.usagePeriodOf("mid", USD_ACCOUNT, Instant.parse("2026-03-14T23:59:59Z"));
    assertThat(mid.key()).isEqualTo("2026-02-15");
    assertThat(mid.start()).isEqualTo(Instant.parse("2026-02-15T00:00:00Z"));
    // calendar months in the account's zone: Paris's April starts at 22:00Z on March 31st
    RuleSet.UsagePeriod paris =
        publicUsd().usagePeriodOf("api_calls", PARIS, Instant.parse("2026-03-31T22:30:00Z"));
    assertThat(paris.key()).isEqualTo("2026-04");
    assertThat(paris.start()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
  }
}

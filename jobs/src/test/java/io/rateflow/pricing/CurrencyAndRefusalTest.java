package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.USD_ACCOUNT;
import static io.rateflow.pricing.Fixtures.account;
import static io.rateflow.pricing.Fixtures.charges;
import static io.rateflow.pricing.Fixtures.document;
import static io.rateflow.pricing.Fixtures.parse;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Minor units per currency, rounding modes, and the refusals rate() returns instead of throwing.
 */
class CurrencyAndRefusalTest {
  private static final String METER =
      """
            units:
              unit: u
              aggregation: sum
              price: { model: per_unit, unit_price: 0.0015 }
            """;

  @Test
  void threeDigitCurrencyRoundsToFils() {
    AccountContext bahrain = account("acc-bh", "pro", "smb", "BHD");
    RuleSet halfEven = parse(document("currency: BHD", METER));
    RuleSet halfUp = parse(document("currency: BHD\nrounding: HALF_UP", METER));
    // 3 × 0.0015 = 0.0045 BHD = 4.5 fils
    RatingResult.Priced p = priced(halfEven.rate(bahrain, usage("units", "3"), null));
    assertThat(p.currencyDigits()).isEqualTo(3);
    assertThat(p.amountMinor()).isEqualTo(4);
    assertThat(priced(halfUp.rate(bahrain, usage("units", "3"), null)).amountMinor()).isEqualTo(5);
  }

  @Test
  void yenHasNoMinorUnit() throws Exception {
    AccountContext tokyo = account("acc-jp", "pro", "smb", "JPY");
    RuleSet rules = RuleFiles.parse(Fixtures.rulesDir().resolve("examples/public-jpy.yaml"));
    RatingResult.Priced p = priced(rules.rate(tokyo, usage("storage_gb", "1"), null));
    assertThat(p.currencyDigits()).isZero();
    assertThat(p.amountMinor()).isEqualTo(4); // 3.5 yen → 4 (half to even)
    assertThat(charges(rules, tokyo, "storage_gb", "3")).containsExactly(10); // 10.5 yen → 10
    // 10,001st to 10,010th call at 0.15 yen each: 1.5 yen → 2 yen
    assertThat(charges(rules, tokyo, "api_calls", "10000", "10")).containsExactly(0, 2);
  }

  @Test
  void currencyDigitsCanBeOverridden() {
    RuleSet rules = parse(document("currency: USD\ncurrency_digits: 4", METER));
    assertThat(charges(rules, USD_ACCOUNT, "units", "1")).containsExactly(15);
  }

  @Test
  void unpricedMeterIsNoPrice() {
    RuleSet rules = parse(document("currency: USD", METER));
    assertThat(rules.rate(USD_ACCOUNT, usage("sms", "1"), null))
        .isEqualTo(
            new RatingResult.Refused("NO_PRICE", "rule set test v1 has no price for meter 'sms'"));
  }

  @Test
  void otherCurrencyIsRefused() {
    RuleSet rules = parse(document("currency: USD", METER));
    RatingResult r = rules.rate(account("acc-e", "pro", "smb", "EUR"), usage("units", "1"), null);
    assertThat(r)
        .isEqualTo(
            new RatingResult.Refused(
                "CURRENCY_MISMATCH",
                "account acc-e bills in EUR but rule set test v1 prices in USD"));
  }

  @Test
  void malformedQuantitiesAreRefusedNotThrown() {
    RuleSet rules = parse(document("currency: USD", METER));
    Instant t = Instant.parse("2026-03-10T12:00:00Z");
    assertThat(
            rules.rate(
                USD_ACCOUNT,
                new Usage("e1", "units", new BigDecimal("-1"), t, Map.of(), null, null),
                null))
        .isEqualTo(
            new RatingResult.Refused(
                "INVALID_QUANTITY",
                "event e1 has a negative quantity -1 on meter 'units', which is not recurring: only"
                    + " recurring meters (seats) take removals; send a correction or adjustment"
                    + " instead"));
    assertThat(
            rules.rate(
                USD_ACCOUNT,
                new Usage("e2", "units", new BigDecimal("0.0000001"), t, Map.of(), null, null),
                null))
        .isEqualTo(
            new RatingResult.Refused(
                "INVALID_EVENT",
                "event e2 has quantity 0.0000001 with more than 6 fractional digits"));
    assertThat(rules.rate(USD_ACCOUNT, new Usage("e3", "units", null, t, null, null, null), null))
        .isEqualTo(new RatingResult.Refused("INVALID_EVENT", "event e3 has no quantity"));
    assertThat(
            rules.rate(
                USD_ACCOUNT,
                new Usage("e4", "units", BigDecimal.ONE, null, null, null, null),
                null))
        .isEqualTo(new RatingResult.Refused("INVALID_EVENT", "event e4 has no event time"));
    assertThat(
            rules.rate(
                USD_ACCOUNT,
                new Usage("e5", "units", BigDecimal.ONE, t, null, new BigDecimal("1e-40"), null),
                null))
        .isEqualTo(
            new RatingResult.Refused(
                "INVALID_EVENT",
                "event e5 carries the amount 1E-40, beyond 24 integer digits or 12 decimals"));
  }

  @Test
  void trailingZerosOfTheQuantityDoNotMatter() {
    RuleSet rules = parse(document("currency: USD", METER));
    // the Avro decimal arrives with scale 6
    assertThat(charges(rules, USD_ACCOUNT, "units", "10.000000")).containsExactly(2);
  }
}

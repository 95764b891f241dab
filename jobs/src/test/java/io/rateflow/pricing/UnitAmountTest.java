package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.priced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** The unit amount and billed quantity on every priced usage, checked by hand. */
class UnitAmountTest {

  private static RuleSet perUnit(String options, String unitPrice) {
    return Fixtures.parse(
        Fixtures.document(
            options,
            """
            gb:
              unit: GB
              aggregation: sum
              price: { model: per_unit, unit_price: %s }
            """
                .formatted(unitPrice)));
  }

  private static RatingResult.Priced rate(RuleSet rules, String currency, String quantity) {
    return priced(
        rules.rate(
            Fixtures.account("acc-1", "pro", "smb", currency),
            Fixtures.usage("gb", quantity),
            null));
  }

  @Test
  void theUnitAmountIsTheChargeOverTheQuantityAtTheCurrencysDigitsPlusFour() {
    // 7 × 0.0123 = 0.0861 → 0.09; 0.09 / 7 = 0.0128571… → 0.012857 (6 digits, HALF_EVEN)
    RatingResult.Priced p = rate(perUnit("currency: USD", "0.0123"), "USD", "7");
    assertThat(p.amountMinor()).isEqualTo(9);
    assertThat(p.kind()).isEqualTo(ChargeKind.USAGE);
    assertThat(p.billedQuantity()).isEqualByComparingTo("7");
    assertThat(p.unitAmount()).isEqualTo(new BigDecimal("0.012857"));
    assertThat(p.after().aggregate()).isEqualByComparingTo("7");
  }

  @Test
  void unitAmountDigitsAndTheRulesRounding() {
    // 0.09 / 7 at 2 digits rounded UP: 0.02 (HALF_EVEN would give 0.01)
    RuleSet up = perUnit("currency: USD\nrounding: UP\nunit_amount_digits: 2", "0.0123");
    assertThat(rate(up, "USD", "7").unitAmount()).isEqualTo(new BigDecimal("0.02"));
    RuleSet even = perUnit("currency: USD\nunit_amount_digits: 2", "0.0123");
    assertThat(rate(even, "USD", "7").unitAmount()).isEqualTo(new BigDecimal("0.01"));
    // 0 digits: 15.00 / 10 = 1.5 → 2 (HALF_EVEN)
    RuleSet whole = perUnit("currency: USD\nunit_amount_digits: 0", "1.50");
    assertThat(rate(whole, "USD", "10").unitAmount()).isEqualTo(new BigDecimal("2"));
    // 12 digits
    RuleSet fine = perUnit("currency: USD\nunit_amount_digits: 12", "0.0123");
    assertThat(rate(fine, "USD", "7").unitAmount()).isEqualTo(new BigDecimal("0.012857142857"));
  }

  @Test
  void yenHasNoMinorUnitSoFourDigitsByDefault() {
    // 3 × 3.3 JPY = 9.9 → 10 JPY; 10 / 3 = 3.3333
    RatingResult.Priced p = rate(perUnit("currency: JPY", "3.3"), "JPY", "3");
    assertThat(p.amountMinor()).isEqualTo(10);
    assertThat(p.unitAmount()).isEqualTo(new BigDecimal("3.3333"));
  }

  @Test
  void aZeroQuantityHasNoUnitAmount() {
    RatingResult.Priced p = rate(perUnit("currency: USD", "0.0123"), "USD", "0");
    assertThat(p.amountMinor()).isZero();
    assertThat(p.billedQuantity()).isEqualByComparingTo("0");
    assertThat(p.unitAmount()).isNull();
  }

  @Test
  void perEventModelsCarryItToo() {
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                """
                payments:
                  unit: payment
                  aggregation: count
                  price: { model: percentage, rate: 2, fixed_fee: 0.30 }
                """));
    RatingResult.Priced p =
        priced(rules.rate(Fixtures.USD_ACCOUNT, Fixtures.valued("payments", "1", "100"), null));
    assertThat(p.unitAmount()).isEqualTo(new BigDecimal("2.300000"));
    assertThat(p.after().aggregate()).isEqualByComparingTo("1");
  }

  @Test
  void theHelperForEveryKindOfCharge() {
    Money usd = new Money("USD", 2, RoundingMode.HALF_UP, 4);
    assertThat(usd.unitAmount(-1000, new BigDecimal("3"))).isEqualTo(new BigDecimal("-3.3333"));
    assertThat(usd.unitAmount(1, new BigDecimal("8"))).isEqualTo(new BigDecimal("0.0013"));
    assertThat(usd.unitAmount(500, BigDecimal.ZERO)).isNull();
    assertThat(usd.unitAmount(500, null)).isNull();
    assertThat(new Money("BHD", 3, RoundingMode.HALF_EVEN).unitDigits()).isEqualTo(7);
  }

  @Test
  void unitAmountDigitsAreBetweenZeroAndTwelve() {
    for (String digits : new String[] {"13", "-1"}) {
      String doc =
          Fixtures.document(
              "currency: USD\nunit_amount_digits: " + digits,
              "gb: { unit: GB, aggregation: sum, price: { model: per_unit, unit_price: 1 } }");
      assertThatThrownBy(() -> RuleParser.parse(doc, "u.yaml"))
          .isInstanceOf(RuleValidationException.class)
          .hasMessage(
              "u.yaml:5: rule set: unit_amount_digits must be between 0 and 12, got " + digits);
    }
  }
}

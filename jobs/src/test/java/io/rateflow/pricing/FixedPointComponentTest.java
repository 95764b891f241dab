package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A component built from numbers is the same value as one built from the strings they format to.
 */
class FixedPointComponentTest {

  @Test
  void numbersFormatAsTheirPlainStrings() {
    PriceComponent c =
        FixedPointComponent.line(
            "tier", "peak / ", "tier 2 (100, 1000]", -1234, 3, "0.0010", -12_340_000, 7);
    assertThat(c.kind()).isEqualTo("tier");
    assertThat(c.label()).isEqualTo("peak / tier 2 (100, 1000]");
    assertThat(c.quantity()).isEqualTo("-1.234");
    assertThat(c.unitPrice()).isEqualTo("0.0010");
    assertThat(c.amount()).isEqualTo("-1.2340000");
    assertThat(c.amount()).isSameAs(c.amount()); // formatted once
    assertThat(c.label()).isSameAs(c.label());
  }

  @Test
  void equalsHashCodeAndToStringAreThoseOfTheFormattedValues() {
    PriceComponent lazy = FixedPointComponent.line("tier", "", "tier 1", 50, 0, "0.10", 500, 2);
    PriceComponent eager = new PriceComponent("tier", "tier 1", "50", "0.10", "5.00");
    assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
    assertThat(eager).isEqualTo(lazy);
    assertThat(lazy.toString())
        .isEqualTo(eager.toString())
        .isEqualTo(
            "PriceComponent[kind=tier, label=tier 1, quantity=50, unitPrice=0.10, amount=5.00]");
    assertThat(lazy).isNotEqualTo(new PriceComponent("tier", "tier 1", "50", "0.10", "5.000"));
  }

  @Test
  void aSingleUnitHasItsAmountAsUnitPrice() {
    PriceComponent rounding =
        FixedPointComponent.single("rounding", "rounded to 2 digits HALF_EVEN", 6, 3);
    assertThat(rounding)
        .isEqualTo(
            new PriceComponent("rounding", "rounded to 2 digits HALF_EVEN", "1", "0.006", "0.006"));
  }

  @Test
  void givenStringsStayAsGivenNullsIncluded() {
    PriceComponent c = new PriceComponent("discount", null, null, null, null);
    assertThat(c.label()).isNull();
    assertThat(c.quantity()).isNull();
    assertThat(c.unitPrice()).isNull();
    assertThat(c.amount()).isNull();
    assertThat(c).isEqualTo(new PriceComponent("discount", null, null, null, null));
  }
}

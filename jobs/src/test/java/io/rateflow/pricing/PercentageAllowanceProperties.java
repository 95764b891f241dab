package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Both free allowances on a percentage price, for any allowances and events, against the rule as
 * the shared agreement states it, reckoned here on its own: free while within the first N events
 * and the units after it ≤ X; the crossing event pays the fee and the rate on its excess; once N
 * events or X units are used up, in full.
 */
class PercentageAllowanceProperties {

  @Property(tries = 300)
  void chargesFollowTheRuleOfBothAllowances(@ForAll long seed) {
    Random r = new Random(seed);
    long freeEvents = r.nextInt(6);
    BigDecimal freeUnits = BigDecimal.valueOf(r.nextInt(20_000), r.nextInt(3));
    BigDecimal rate = BigDecimal.valueOf(r.nextInt(1000), 2);
    BigDecimal fee = BigDecimal.valueOf(r.nextInt(100), 2);
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                "m:\n  unit: u\n  aggregation: sum\n  price: { model: percentage, rate: "
                    + rate
                    + ", fixed_fee: "
                    + fee
                    + ", free_events: "
                    + freeEvents
                    + ", free_units: "
                    + freeUnits
                    + " }"));
    MeterAggregate agg = null;
    BigDecimal units = BigDecimal.ZERO;
    for (int i = 0; i < 12; i++) {
      BigDecimal q = BigDecimal.valueOf(r.nextInt(5_000_000), 3);
      BigDecimal value = BigDecimal.valueOf(r.nextInt(1_000_000), 2);
      Usage usage =
          new Usage("e" + i, "m", q, Instant.parse("2026-03-10T12:00:00Z"), Map.of(), value, null);
      RatingResult.Priced p = Fixtures.priced(rules.rate(Fixtures.USD_ACCOUNT, usage, agg));

      BigDecimal after = units.add(q);
      // Within the allowances: one of the first N events, with units left before it.
      boolean within = i < freeEvents && units.compareTo(freeUnits) < 0;
      BigDecimal expected;
      if (within && after.compareTo(freeUnits) <= 0) {
        expected = BigDecimal.ZERO;
      } else if (within) {
        BigDecimal excess =
            value.multiply(after.subtract(freeUnits)).divide(q, MathContext.DECIMAL128);
        expected = excess.multiply(rate).movePointLeft(2).add(fee);
      } else {
        expected = value.multiply(rate).movePointLeft(2).add(fee);
      }
      assertThat(p.amountMinor())
          .as(
              "event %d: %s units (value %s) after %s, free %d events / %s units",
              i, q, value, units, freeEvents, freeUnits)
          .isEqualTo(expected.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact());
      units = after;
      agg = p.after();
    }
  }
}

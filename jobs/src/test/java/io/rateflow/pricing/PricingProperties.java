package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/** Properties of cumulative pricing that must hold for any tiers, prices, roundings and usage. */
class PricingProperties {
  private static final AccountContext ACCOUNT =
      new AccountContext("acc", "pro", "smb", "USD", java.time.ZoneOffset.UTC);
  private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

  /** A generated price: the model's YAML, and whether it prices value (graduated percentage). */
  record Price(String yaml, boolean byValue) {}

  @Property(tries = 300)
  void perEventChargesOfAPeriodAddUpExactlyToTheRoundedPriceOfTheWhole(
      @ForAll("cumulativePrices") Price price,
      @ForAll("aggregations") String aggregation,
      @ForAll("roundings") String rounding,
      @ForAll("digits") int digits,
      @ForAll @Size(min = 1, max = 25)
          List<@BigRange(min = "0", max = "2500") @Scale(6) BigDecimal> quantities) {
    String agg = price.byValue() ? "sum" : aggregation;
    RuleSet rules = rules(price, agg, rounding, digits);
    long sum = 0;
    MeterAggregate after = null;
    for (BigDecimal q : quantities) {
      RatingResult.Priced p = Fixtures.priced(rules.rate(ACCOUNT, usage(q), after));
      assertBreakdownExplains(p);
      sum += p.amountMinor();
      after = p.after();
    }
    // The whole period's usage as one event from empty: round(price(total)).
    RatingResult.Priced whole =
        Fixtures.priced(rules.rate(ACCOUNT, usage(after.aggregate()), null));
    assertThat(sum).isEqualTo(whole.amountMinor());
  }

  @Property(tries = 200)
  void graduatedPriceNeverFallsAsUsageGrows(
      @ForAll("graduatedPrices") Price price,
      @ForAll("roundings") String rounding,
      @ForAll @BigRange(min = "0", max = "5000") @Scale(6) BigDecimal a,
      @ForAll @BigRange(min = "0", max = "5000") @Scale(6) BigDecimal b) {
    RuleSet rules = rules(price, "sum", rounding, 2);
    BigDecimal low = a.min(b);
    BigDecimal high = a.max(b);
    long priceLow = Fixtures.priced(rules.rate(ACCOUNT, usage(low), null)).amountMinor();
    long priceHigh = Fixtures.priced(rules.rate(ACCOUNT, usage(high), null)).amountMinor();
    assertThat(priceLow).isLessThanOrEqualTo(priceHigh).isGreaterThanOrEqualTo(0);
    // and the event taking usage from low to high is charged the difference, never negative
    MeterAggregate before = new MeterAggregate("2026-03", low, java.util.Set.of());
    long step =
        Fixtures.priced(rules.rate(ACCOUNT, usage(high.subtract(low)), before)).amountMinor();
    assertThat(step).isEqualTo(priceHigh - priceLow);
  }

  @Property(tries = 200)
  void percentageChargesStayWithinTheMinimumAndMaximum(
      @ForAll @BigRange(min = "0", max = "100") @Scale(3) BigDecimal rate,
      @ForAll @BigRange(min = "0", max = "5") @Scale(2) BigDecimal minimum,
      @ForAll @BigRange(min = "0", max = "50") @Scale(2) BigDecimal extra,
      @ForAll @BigRange(min = "0", max = "100000") @Scale(6) BigDecimal value) {
    BigDecimal maximum = minimum.add(extra);
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD",
                "fees:\n  unit: fee\n  aggregation: count\n"
                    + "  price: { model: percentage, rate: "
                    + rate
                    + ", fixed_fee: 0.30, minimum: "
                    + minimum
                    + ", maximum: "
                    + maximum
                    + " }\n"));
    Usage usage = new Usage("e", "fees", BigDecimal.ONE, T, Map.of(), value, null);
    RatingResult.Priced p = Fixtures.priced(rules.rate(ACCOUNT, usage, null));
    assertBreakdownExplains(p);
    assertThat(p.amountMinor())
        .isBetween(
            minimum.movePointRight(2).longValueExact(), maximum.movePointRight(2).longValueExact());
  }

  @Property(tries = 300)
  void validatedWindowsPriceEveryInstantInEveryZone(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 1767225600L, max = 1830297600L)
          long epochSecond,
      @ForAll("zones") String zone)
      throws Exception {
    RuleSet rules = RuleFiles.parse(Fixtures.rulesDir().resolve("examples/public-usd.yaml"));
    AccountContext account =
        new AccountContext("acc", "pro", "smb", "USD", java.time.ZoneId.of(zone));
    Usage usage =
        new Usage(
            "e",
            "compute_minutes",
            BigDecimal.TEN,
            Instant.ofEpochSecond(epochSecond),
            Map.of(),
            null,
            null);
    RatingResult.Priced p = Fixtures.priced(rules.rate(account, usage, null));
    assertThat(p.amountMinor()).isIn(6L, 12L);
  }

  @Provide
  Arbitrary<String> zones() {
    return Arbitraries.of(
        "UTC",
        "Europe/Paris",
        "America/New_York",
        "Asia/Kolkata",
        "Pacific/Chatham",
        "Australia/Lord_Howe");
  }

  /** Each component is quantity × unit price, and the components add up to the charged amount. */
  private static void assertBreakdownExplains(RatingResult.Priced p) {
    BigDecimal total = BigDecimal.ZERO;
    for (PriceComponent c : p.breakdown()) {
      BigDecimal amount = new BigDecimal(c.amount());
      assertThat(new BigDecimal(c.quantity()).multiply(new BigDecimal(c.unitPrice())))
          .as(c.toString())
          .isEqualByComparingTo(amount);
      total = total.add(amount);
    }
    assertThat(total).isEqualByComparingTo(BigDecimal.valueOf(p.amountMinor(), p.currencyDigits()));
  }

  private static Usage usage(BigDecimal quantity) {
    // value = quantity, so that graduated percentage has a value to aggregate
    return new Usage("e", "m", quantity, T, Map.of(), quantity, null);
  }

  private static RuleSet rules(Price price, String aggregation, String rounding, int digits) {
    return Fixtures.parse(
        Fixtures.document(
            "currency: USD\nrounding: " + rounding + "\ncurrency_digits: " + digits,
            "m:\n  unit: u\n  aggregation: "
                + aggregation
                + "\n  price:\n"
                + price.yaml().indent(4)));
  }

  @Provide
  Arbitrary<String> roundings() {
    return Arbitraries.of("HALF_EVEN", "HALF_UP", "HALF_DOWN", "UP", "DOWN", "CEILING", "FLOOR");
  }

  @Provide
  Arbitrary<Integer> digits() {
    return Arbitraries.of(0, 2, 3);
  }

  @Provide
  Arbitrary<String> aggregations() {
    return Arbitraries.of("sum", "max", "latest");
  }

  private static Arbitrary<BigDecimal> prices() {
    return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.TEN).ofScale(5);
  }

  /** 1 to 5 tiers with ascending bounds, and the last unbounded. */
  private static Arbitrary<String> tiers(String rateKey, Arbitrary<BigDecimal> rates) {
    Arbitrary<List<BigDecimal>> widths =
        Arbitraries.bigDecimals()
            .between(new BigDecimal("0.01"), new BigDecimal("1500"))
            .ofScale(2)
            .list()
            .ofMaxSize(4);
    return Combinators.combine(
            widths,
            rates.list().ofSize(5),
            prices().list().ofSize(5),
            Arbitraries.integers().between(0, 31))
        .as(
            (ws, rs, fees, feeMask) -> {
              StringBuilder yaml = new StringBuilder("tiers:\n");
              BigDecimal bound = BigDecimal.ZERO;
              List<BigDecimal> bounds = new ArrayList<>();
              for (BigDecimal w : ws) {
                bound = bound.add(w);
                bounds.add(bound);
              }
              for (int i = 0; i <= bounds.size(); i++) {
                yaml.append("  - { ");
                if (i < bounds.size()) {
                  yaml.append("up_to: ").append(bounds.get(i).toPlainString()).append(", ");
                }
                yaml.append(rateKey).append(": ").append(rs.get(i).toPlainString());
                if ((feeMask >> i & 1) == 1) {
                  yaml.append(", flat_fee: ").append(fees.get(i).toPlainString());
                }
                yaml.append(" }\n");
              }
              return yaml.toString();
            });
  }

  @Provide
  Arbitrary<Price> graduatedPrices() {
    return tiers("unit_price", prices()).map(t -> new Price("model: graduated\n" + t, false));
  }

  @Provide
  Arbitrary<Price> cumulativePrices() {
    Arbitrary<Price> perUnit =
        prices().map(p -> new Price("model: per_unit\nunit_price: " + p, false));
    Arbitrary<Price> volume =
        tiers("unit_price", prices()).map(t -> new Price("model: volume\n" + t, false));
    Arbitrary<Price> blocks =
        Combinators.combine(
                Arbitraries.bigDecimals()
                    .between(new BigDecimal("0.5"), new BigDecimal("500"))
                    .ofScale(1),
                prices(),
                Arbitraries.bigDecimals()
                    .between(BigDecimal.ZERO, new BigDecimal("300"))
                    .ofScale(3))
            .as(
                (size, price, free) ->
                    new Price(
                        "model: package\nblock_size: "
                            + size
                            + "\nblock_price: "
                            + price
                            + "\nfree_units: "
                            + free,
                        false));
    Arbitrary<Price> byValue =
        tiers(
                "rate",
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal(100)).ofScale(3))
            .map(t -> new Price("model: graduated_percentage\n" + t, true));
    return Arbitraries.oneOf(perUnit, graduatedPrices(), volume, blocks, byValue);
  }
}

package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * For any price, cap and usage, a period's capped charges add up to exactly min(cap, U), U the
 * period's uncapped total, which this test computes on its own from the prices (not through {@link
 * RuleSet#rate}); and every charge is min(U_after, cap) − min(U_before, cap).
 */
class CapProperties {
  private static final AccountContext ACCOUNT =
      new AccountContext("acc", "pro", "smb", "USD", ZoneOffset.UTC);
  private static final RoundingMode[] ROUNDINGS = {
    RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.UP, RoundingMode.DOWN
  };

  /** A tier of the test's own pricer: units in (from, upTo] at price; upTo null = unbounded. */
  private record Tier(BigDecimal from, BigDecimal upTo, BigDecimal price) {}

  @Property(tries = 400)
  void cappedChargesOfAPeriodAddUpToTheCapOrTheUncappedTotal(@ForAll long seed) {
    Random r = new Random(seed);
    RoundingMode rounding = ROUNDINGS[r.nextInt(ROUNDINGS.length)];
    int digits = r.nextInt(4);
    BigDecimal cap = BigDecimal.valueOf(r.nextInt(30_000), digits);
    int kind = r.nextInt(5); // per_unit, graduated, volume, latest per_unit, percentage
    List<Tier> tiers = tiers(r, kind == 0 || kind == 3 ? 1 : 1 + r.nextInt(4));
    BigDecimal rate = BigDecimal.valueOf(r.nextInt(1000), 2); // percent
    BigDecimal fee = BigDecimal.valueOf(r.nextInt(100), 2);
    String price =
        switch (kind) {
          case 0, 3 -> "{ model: per_unit, unit_price: " + tiers.get(0).price() + " }";
          case 4 -> "{ model: percentage, rate: " + rate + ", fixed_fee: " + fee + " }";
          default -> tiersYaml(kind == 1 ? "graduated" : "volume", tiers);
        };
    String aggregation = kind == 3 ? "latest" : kind == 4 ? "count" : "sum";
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD\ncurrency_digits: " + digits + "\nrounding: " + rounding,
                "m:\n  unit: u\n  aggregation: "
                    + aggregation
                    + "\n  cap: "
                    + cap.toPlainString()
                    + "\n  price: "
                    + price));

    long capMinor = cap.movePointRight(digits).longValueExact();
    MeterAggregate agg = null;
    BigDecimal total = BigDecimal.ZERO; // the aggregate, as the test reckons it
    long uncapped = 0; // U, as the test reckons it
    long sum = 0;
    int events = 1 + r.nextInt(20);
    for (int i = 0; i < events; i++) {
      BigDecimal q = BigDecimal.valueOf(r.nextInt(3_000_000), 3 + r.nextInt(4));
      BigDecimal value = BigDecimal.valueOf(r.nextInt(100_000), 2);
      Usage usage =
          new Usage("e" + i, "m", q, Instant.parse("2026-03-10T12:00:00Z"), Map.of(), value, null);
      RatingResult.Priced p = Fixtures.priced(rules.rate(ACCOUNT, usage, agg));

      long before = uncapped;
      if (kind == 4) {
        BigDecimal exact = value.multiply(rate).movePointLeft(2).add(fee);
        uncapped += exact.setScale(digits, rounding).unscaledValue().longValueExact();
      } else {
        total = kind == 3 ? q : total.add(q);
        BigDecimal exact = kind == 2 ? volume(tiers, total) : graduated(tiers, total);
        uncapped = exact.setScale(digits, rounding).movePointRight(digits).longValueExact();
      }
      assertThat(p.amountMinor())
          .as("event %d of %s, cap %s", i, price, cap)
          .isEqualTo(Math.min(uncapped, capMinor) - Math.min(before, capMinor));
      assertThat(p.after().chargedMinor()).isEqualTo(uncapped);
      assertThat(p.after().events()).isEqualTo(i + 1);
      BigDecimal explained =
          p.breakdown().stream()
              .map(c -> new BigDecimal(c.amount()))
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(explained).isEqualByComparingTo(BigDecimal.valueOf(p.amountMinor(), digits));
      sum += p.amountMinor();
      agg = p.after();
    }
    assertThat(sum).isEqualTo(Math.min(capMinor, uncapped));
  }

  /** Contiguous tiers from 0, the last unbounded, with prices of up to 4 decimals. */
  private static List<Tier> tiers(Random r, int count) {
    List<Tier> tiers = new ArrayList<>();
    BigDecimal from = BigDecimal.ZERO;
    for (int i = 0; i < count; i++) {
      BigDecimal upTo = i == count - 1 ? null : from.add(BigDecimal.valueOf(1 + r.nextInt(2000)));
      tiers.add(new Tier(from, upTo, BigDecimal.valueOf(r.nextInt(50_000), 4)));
      from = upTo;
    }
    return tiers;
  }

  private static String tiersYaml(String model, List<Tier> tiers) {
    StringBuilder yaml = new StringBuilder("{ model: " + model + ", tiers: [");
    for (int i = 0; i < tiers.size(); i++) {
      Tier t = tiers.get(i);
      yaml.append(i == 0 ? "" : ", ")
          .append("{ ")
          .append(t.upTo() == null ? "" : "up_to: " + t.upTo() + ", ")
          .append("unit_price: ")
          .append(t.price())
          .append(" }");
    }
    return yaml.append("] }").toString();
  }

  /** Each tier's units at its price (per_unit is one unbounded tier). */
  private static BigDecimal graduated(List<Tier> tiers, BigDecimal units) {
    BigDecimal price = BigDecimal.ZERO;
    for (Tier t : tiers) {
      BigDecimal top = t.upTo() == null ? units : units.min(t.upTo());
      if (top.compareTo(t.from()) > 0) {
        price = price.add(top.subtract(t.from()).multiply(t.price()));
      }
    }
    return price;
  }

  /** All units at the price of the tier containing them: from < units ≤ up_to. */
  private static BigDecimal volume(List<Tier> tiers, BigDecimal units) {
    for (Tier t : tiers) {
      if (t.upTo() == null || units.compareTo(t.upTo()) <= 0) {
        return units.multiply(t.price());
      }
    }
    throw new AssertionError("the last tier is unbounded");
  }
}

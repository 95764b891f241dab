package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The fast paths of {@link RuleSet#rate} (fixed-point tiers, precomputed meter plans, cached month
 * keys) charge and explain exactly what the reference algorithm ({@link ReferenceRating}, the code
 * before them) does: same amount, same breakdown strings, same aggregate, same refusals.
 */
class FastPathProperties {
  private static final String[] ROUNDINGS = {
    "HALF_EVEN", "HALF_UP", "HALF_DOWN", "UP", "DOWN", "CEILING", "FLOOR"
  };
  private static final String[] ZONES = {
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Apia",
    "+05:45"
  };

  @Property(tries = 1500)
  void fastPathEqualsTheReference(@ForAll long seed) {
    Random r = new Random(seed);
    List<BigDecimal> bounds = new ArrayList<>();
    String price = price(r, bounds);
    boolean byValue = price.contains("graduated_percentage");
    String aggregation = byValue ? "sum" : new String[] {"sum", "max", "latest"}[r.nextInt(3)];
    RuleSet rules =
        Fixtures.parse(
            Fixtures.document(
                "currency: USD\nrounding: "
                    + ROUNDINGS[r.nextInt(ROUNDINGS.length)]
                    + "\ncurrency_digits: "
                    + r.nextInt(5),
                "m:\n  unit: u\n  aggregation: " + aggregation + "\n  price:\n" + price.indent(4)));
    AccountContext account =
        new AccountContext("acc", "pro", "smb", "USD", ZoneId.of(ZONES[r.nextInt(ZONES.length)]));
    MeterAggregate agg =
        r.nextBoolean() ? null : new MeterAggregate("2026-03", amount(r, bounds), null);
    for (int i = 0; i < 12; i++) {
      BigDecimal q =
          r.nextInt(4) == 0 && agg != null
              ? towardsABound(r, agg.aggregate(), bounds)
              : amount(r, bounds);
      Instant t = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(r.nextInt(31 * 86_400));
      Usage usage = new Usage("e" + i, "m", q, t, Map.of(), q, null);
      RatingResult fast = rules.rate(account, usage, agg);
      assertThat(fast)
          .as("%s\nbefore %s, usage %s", price, agg, q)
          .isEqualTo(ReferenceRating.rate(rules, account, usage, agg));
      if (fast instanceof RatingResult.Priced p) {
        agg =
            r.nextInt(8) == 0 ? new MeterAggregate(p.period(), amount(r, bounds), null) : p.after();
      }
    }
  }

  @Property(tries = 500)
  void monthKeysAreThoseOfTheLocalDate(@ForAll long seed) {
    Random r = new Random(seed);
    BillingPeriod month = new BillingPeriod.CalendarMonth();
    for (int i = 0; i < 50; i++) {
      ZoneId zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
      // around month boundaries and clock changes, over several years
      Instant t =
          Instant.parse("2019-01-01T00:00:00Z")
              .plusSeconds(
                  (long) r.nextInt(8 * 365) * 86_400
                      + (r.nextBoolean() ? r.nextInt(86_400) : 0)
                      - r.nextInt(3) * 3_600L);
      assertThat(month.keyOf(t, zone))
          .as("%s in %s", t, zone)
          .isEqualTo(ReferenceRating.periodOf(month, t, zone));
    }
  }

  @Property(tries = 2000)
  void plainStringsAndRoundingAreThoseOfBigDecimal(@ForAll long unscaled, @ForAll long small) {
    Random r = new Random(unscaled ^ small);
    int scale = r.nextInt(19);
    long v = r.nextBoolean() ? unscaled : small % 100_000;
    assertThat(Decimals.plain(v, scale)).isEqualTo(BigDecimal.valueOf(v, scale).toPlainString());
    int digits = r.nextInt(10);
    int priceScale = r.nextInt(19);
    // below 10^9 when scaling up, so that neither side overflows a long
    long nonNegative =
        Math.abs(v % (digits > priceScale ? 1_000_000_000L : 1_000_000_000_000_000L));
    RoundingMode mode = RoundingMode.valueOf(ROUNDINGS[r.nextInt(ROUNDINGS.length)]);
    long expected =
        BigDecimal.valueOf(nonNegative, priceScale)
            .movePointRight(digits)
            .setScale(0, mode)
            .longValueExact();
    assertThat(Decimals.round(nonNegative, priceScale, digits, mode))
        .as("%d at %d to %d %s", nonNegative, priceScale, digits, mode)
        .isEqualTo(expected);
  }

  /**
   * A tiered, per-unit, package or graduated-percentage price with random scales; its bounds into
   * {@code bounds}.
   */
  private static String price(Random r, List<BigDecimal> bounds) {
    int model = r.nextInt(6);
    if (model == 0) {
      return "model: per_unit\nunit_price: " + decimal(r, r.nextInt(200_000), r.nextInt(9));
    }
    if (model == 1) {
      return "model: package\nblock_size: "
          + decimal(r, 1 + r.nextInt(500), r.nextInt(3))
          + "\nblock_price: "
          + decimal(r, r.nextInt(1000), r.nextInt(3))
          + "\nfree_units: "
          + r.nextInt(100);
    }
    String name = model == 5 ? "graduated_percentage" : model == 4 ? "volume" : "graduated";
    String rateKey = model == 5 ? "rate" : "unit_price";
    StringBuilder yaml = new StringBuilder("model: " + name + "\ntiers:\n");
    int tiers = 1 + r.nextInt(5);
    BigDecimal bound = BigDecimal.ZERO;
    for (int i = 0; i < tiers; i++) {
      yaml.append("  - { ");
      if (i < tiers - 1) {
        bound = bound.add(decimal(r, 1 + r.nextInt(2_000_000), r.nextInt(7)));
        bounds.add(bound);
        yaml.append("up_to: ").append(bound.toPlainString()).append(", ");
      }
      BigDecimal rate =
          model == 5
              ? decimal(r, r.nextInt(10_000), 2 + r.nextInt(5)) // a percentage ≤ 100
              : decimal(r, r.nextInt(100_000), r.nextInt(9));
      yaml.append(rateKey).append(": ").append(rate.toPlainString());
      if (r.nextInt(3) == 0) {
        yaml.append(", flat_fee: ")
            .append(decimal(r, r.nextInt(10_000), r.nextInt(5)).toPlainString());
      }
      yaml.append(" }\n");
    }
    return yaml.toString();
  }

  private static BigDecimal decimal(Random r, long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * A usage or aggregate: often small, sometimes exactly at or one millionth off a bound, rarely
   * huge or fine.
   */
  private static BigDecimal amount(Random r, List<BigDecimal> bounds) {
    int kind = r.nextInt(20);
    if (kind == 0) {
      return BigDecimal.ZERO.setScale(r.nextInt(7));
    }
    if (kind == 1) {
      return decimal(
          r, Math.abs(r.nextLong()) % 1_000_000_000_000_000L, r.nextInt(4)); // beyond 10^12
    }
    if (kind == 2) {
      return decimal(r, r.nextInt(1_000_000), 6 + r.nextInt(3))
          .stripTrailingZeros()
          .max(BigDecimal.ZERO);
    }
    if (kind < 8 && !bounds.isEmpty()) {
      BigDecimal b = bounds.get(r.nextInt(bounds.size()));
      return r.nextBoolean()
          ? b
          : b.add(BigDecimal.valueOf(r.nextInt(3) - 1, 6)).max(BigDecimal.ZERO);
    }
    return decimal(r, r.nextInt(5_000_000), r.nextInt(7));
  }

  /** The quantity that takes {@code from} exactly to a bound (or 0 when it is above them all). */
  private static BigDecimal towardsABound(Random r, BigDecimal from, List<BigDecimal> bounds) {
    for (BigDecimal b : bounds) {
      if (b.compareTo(from) > 0 && r.nextBoolean()) {
        return b.subtract(from);
      }
    }
    return BigDecimal.ZERO;
  }
}

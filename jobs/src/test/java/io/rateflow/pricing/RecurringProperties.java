package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The charges of every period of a recurring meter or fee add up exactly to its documented price,
 * {@code round(Σ P(c_k) × len_k / D) + fees of the maximum}, computed here independently (tiers
 * summed by hand, BigDecimal fractions), whatever the order the changes arrive in; and true-ups
 * total {@code max(spent, minimum) − spent}.
 */
class RecurringProperties {
  private static final List<String> ZONES = List.of("UTC", "America/New_York", "Asia/Kolkata");
  private static final LocalDate APRIL = LocalDate.of(2026, 4, 1);

  /** A generated price: the model, its tiers (one for per_unit) and the document's YAML. */
  record Tiered(
      String model, List<BigDecimal> upTo, List<BigDecimal> rates, List<BigDecimal> fees) {
    String yaml() {
      if (model.equals("per_unit")) {
        return "{ model: per_unit, unit_price: " + rates.get(0).toPlainString() + " }";
      }
      StringBuilder b = new StringBuilder("\n      model: " + model + "\n      tiers:\n");
      for (int i = 0; i < rates.size(); i++) {
        b.append("        - { ");
        if (i < upTo.size()) {
          b.append("up_to: ").append(upTo.get(i).toPlainString()).append(", ");
        }
        b.append("unit_price: ").append(rates.get(i).toPlainString());
        b.append(", flat_fee: ").append(fees.get(i).toPlainString()).append(" }\n");
      }
      return b.toString();
    }

    BigDecimal from(int tier) {
      return tier == 0 ? BigDecimal.ZERO : upTo.get(tier - 1);
    }

    boolean bounded(int tier) {
      return tier < upTo.size();
    }

    /** P(c) without fees, by hand. */
    BigDecimal units(BigDecimal c) {
      if (c.signum() <= 0) {
        return BigDecimal.ZERO;
      }
      switch (model) {
        case "per_unit" -> {
          return c.multiply(rates.get(0));
        }
        case "graduated" -> {
          BigDecimal sum = BigDecimal.ZERO;
          for (int k = 0; k < rates.size(); k++) {
            BigDecimal top = bounded(k) ? c.min(upTo.get(k)) : c;
            BigDecimal in = top.subtract(from(k)).max(BigDecimal.ZERO);
            sum = sum.add(in.multiply(rates.get(k)));
          }
          return sum;
        }
        default -> {
          return c.multiply(rates.get(tierOf(c)));
        }
      }
    }

    /** Fees of the maximum count: every entered tier (graduated), the tier reached (volume). */
    BigDecimal fees(BigDecimal max) {
      if (max.signum() <= 0 || model.equals("per_unit")) {
        return BigDecimal.ZERO;
      }
      if (model.equals("volume")) {
        return fees.get(tierOf(max));
      }
      BigDecimal sum = BigDecimal.ZERO;
      for (int k = 0; k < rates.size(); k++) {
        if (max.compareTo(from(k)) > 0) {
          sum = sum.add(fees.get(k));
        }
      }
      return sum;
    }

    private int tierOf(BigDecimal c) {
      int k = 0;
      while (bounded(k) && c.compareTo(upTo.get(k)) > 0) {
        k++;
      }
      return k;
    }
  }

  /** A change of the count at {@code second} after the first period's start. */
  record Change(long second, int delta) {}

  @Provide
  Arbitrary<Tiered> prices() {
    Arbitrary<String> model = Arbitraries.of("per_unit", "graduated", "volume");
    Arbitrary<List<Integer>> widths =
        Arbitraries.integers().between(1, 8).list().ofMinSize(0).ofMaxSize(3);
    Arbitrary<List<BigDecimal>> rates =
        Arbitraries.bigDecimals()
            .between(BigDecimal.ZERO, new BigDecimal("50"))
            .ofScale(3)
            .list()
            .ofSize(4);
    Arbitrary<List<BigDecimal>> fees =
        Arbitraries.bigDecimals()
            .between(BigDecimal.ZERO, new BigDecimal("30"))
            .ofScale(2)
            .list()
            .ofSize(4);
    return Combinators.combine(model, widths, rates, fees)
        .as(
            (m, w, r, f) -> {
              List<BigDecimal> upTo = new ArrayList<>();
              int bound = 0;
              for (int width : m.equals("per_unit") ? List.<Integer>of() : w) {
                bound += width;
                upTo.add(BigDecimal.valueOf(bound));
              }
              int tiers = upTo.size() + 1;
              return new Tiered(m, upTo, r.subList(0, tiers), f.subList(0, tiers));
            });
  }

  @Provide
  Arbitrary<List<Change>> changes() {
    // Anywhere in April and May, in arrival order: a change of April may arrive after May began.
    Arbitrary<Change> change =
        Combinators.combine(
                Arbitraries.longs().between(0, 61L * 86_400 - 1),
                Arbitraries.integers().between(-5, 5))
            .as(Change::new);
    return change.list().ofMinSize(0).ofMaxSize(12);
  }

  @Provide
  Arbitrary<String> zones() {
    return Arbitraries.of(ZONES);
  }

  @Provide
  Arbitrary<RoundingMode> roundings() {
    return Arbitraries.of(
        RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.DOWN, RoundingMode.CEILING);
  }

  @Provide
  Arbitrary<String> prorations() {
    return Arbitraries.of("day", "second");
  }

  @Property(tries = 400)
  void theChargesOfEachPeriodAddUpExactlyToItsPrice(
      @ForAll("prices") Tiered price,
      @ForAll("zones") String zoneId,
      @ForAll("roundings") RoundingMode rounding,
      @ForAll("prorations") String proration,
      @ForAll @IntRange(min = 0, max = 15) int startCount,
      @ForAll("changes") List<Change> arrivals) {
    RuleSet rules =
        Fixtures.parse(
            "id: seats\nversion: 1\neffective_from: 2026-01-01T00:00:00Z\ncurrency: USD\n"
                + "rounding: "
                + rounding
                + "\nmeters:\n  seats:\n    unit: seat\n    aggregation: sum\n    recurring: true\n"
                + "    proration: "
                + proration
                + "\n    price: "
                + price.yaml());
    ZoneId zone = ZoneId.of(zoneId);
    AccountContext account = new AccountContext("acc", "pro", "smb", "USD", zone);
    Instant aprilStart = APRIL.atStartOfDay(zone).toInstant();
    Instant mayStart = APRIL.plusMonths(1).atStartOfDay(zone).toInstant();
    Instant juneStart = APRIL.plusMonths(2).atStartOfDay(zone).toInstant();

    // The engine: April begins with startCount seats; May begins when its first change arrives.
    Map<String, Long> charged = new HashMap<>();
    MeterAggregate march =
        new MeterAggregate(
            "2026-03",
            BigDecimal.valueOf(startCount),
            Set.of(),
            0,
            0,
            RecurringUnits.startingWith(BigDecimal.valueOf(startCount)));
    MeterAggregate april = book(charged, rules.rollOver(account, "seats", march, aprilStart));
    MeterAggregate may = null;
    List<Change> inApril = new ArrayList<>();
    List<Change> inMay = new ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      Change c = arrivals.get(i);
      Instant at = aprilStart.plusSeconds(c.second());
      if (!at.isBefore(juneStart)) {
        continue;
      }
      Usage usage =
          new Usage("e" + i, "seats", BigDecimal.valueOf(c.delta()), at, Map.of(), null, null);
      if (at.isBefore(mayStart)) {
        inApril.add(c);
        april = book(charged, rules.rate(account, usage, april));
        if (may != null) {
          may =
              book(
                  charged,
                  rules.carryForward(account, "seats", may, BigDecimal.valueOf(c.delta())));
        }
      } else {
        if (may == null) {
          may = book(charged, rules.rollOver(account, "seats", april, mayStart));
        }
        inMay.add(c);
        may = book(charged, rules.rate(account, usage, may));
      }
    }
    if (may == null) {
      may = book(charged, rules.rollOver(account, "seats", april, mayStart));
    }

    int aprilEnd = startCount + inApril.stream().mapToInt(Change::delta).sum();
    long aprilPrice =
        expected(price, rounding, proration, zone, aprilStart, mayStart, startCount, inApril);
    long mayPrice =
        expected(price, rounding, proration, zone, mayStart, juneStart, aprilEnd, inMay);
    assertThat(charged.getOrDefault("2026-04", 0L)).as("April").isEqualTo(aprilPrice);
    assertThat(charged.getOrDefault("2026-05", 0L)).as("May").isEqualTo(mayPrice);
    assertThat(april.chargedMinor()).isEqualTo(aprilPrice);
    assertThat(may.chargedMinor()).isEqualTo(mayPrice);
  }

  private static MeterAggregate book(Map<String, Long> charged, RatingResult result) {
    RatingResult.Priced p = Fixtures.priced(result);
    assertThat(
            p.breakdown().stream()
                .map(c -> new BigDecimal(c.amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(BigDecimal.valueOf(p.amountMinor(), p.currencyDigits()));
    charged.merge(p.period(), p.amountMinor(), Long::sum);
    return p.after();
  }

  /**
   * The documented price of a period [start, end) that begins with {@code count} units and sees
   * {@code changes} (offsets from April's start), by hand.
   */
  private static long expected(
      Tiered price,
      RoundingMode rounding,
      String proration,
      ZoneId zone,
      Instant start,
      Instant end,
      long count,
      List<Change> changes) {
    Instant aprilStart = APRIL.atStartOfDay(zone).toInstant();
    // Time order; changes at the same time keep their arrival order (the sort is stable).
    List<Change> ordered =
        changes.stream().sorted(Comparator.comparingLong(Change::second)).toList();
    long length = units(proration, zone, start, end);
    BigDecimal c = BigDecimal.valueOf(count);
    BigDecimal max = c;
    BigDecimal sum = BigDecimal.ZERO;
    long from = 0;
    for (Change change : ordered) {
      long at = units(proration, zone, start, aprilStart.plusSeconds(change.second()));
      sum = sum.add(price.units(c).multiply(BigDecimal.valueOf(at - from)));
      from = at;
      c = c.add(BigDecimal.valueOf(change.delta()));
      max = max.max(c);
    }
    sum = sum.add(price.units(c).multiply(BigDecimal.valueOf(length - from)));
    if (c.signum() < 0) {
      return 0;
    }
    BigDecimal exact = sum.divide(BigDecimal.valueOf(length), 2, rounding);
    return exact.add(price.fees(max)).movePointRight(2).longValueExact();
  }

  /** Whole local days, or seconds, from {@code start} to {@code at}. */
  private static long units(String proration, ZoneId zone, Instant start, Instant at) {
    return proration.equals("second")
        ? at.getEpochSecond() - start.getEpochSecond()
        : ChronoUnit.DAYS.between(start.atZone(zone).toLocalDate(), at.atZone(zone).toLocalDate());
  }

  /** A plan change at {@code second} of April to plan A, B or none (the account closed). */
  record PlanChange(long second, int plan) {}

  @Provide
  Arbitrary<List<PlanChange>> planChanges() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 30L * 86_400 - 1), Arbitraries.integers().between(0, 2))
        .as(PlanChange::new)
        .list()
        .ofMaxSize(6);
  }

  @Property(tries = 300)
  void feesOverPlanChangesAddUpToTheTimeOnEachPlan(
      @ForAll @IntRange(min = 0, max = 50000) int feeA,
      @ForAll @IntRange(min = 0, max = 50000) int feeB,
      @ForAll("roundings") RoundingMode rounding,
      @ForAll("prorations") String proration,
      @ForAll("zones") String zoneId,
      @ForAll("planChanges") List<PlanChange> planChanges) {
    String[] plans = {"a", "b", "none"};
    RuleSet[] rules = new RuleSet[2];
    int[] fees = {feeA, feeB};
    for (int p = 0; p < 2; p++) {
      rules[p] =
          Fixtures.parse(
              "id: plan-"
                  + plans[p]
                  + "\nversion: 1\neffective_from: 2026-01-01T00:00:00Z\ncurrency: USD\n"
                  + "rounding: "
                  + rounding
                  + "\napplies_to: { plans: ["
                  + plans[p]
                  + "] }\nrecurring_fees:\n  - id: platform\n    amount: "
                  + BigDecimal.valueOf(fees[p], 2).toPlainString()
                  + "\n    proration: "
                  + proration
                  + "\n");
    }
    ZoneId zone = ZoneId.of(zoneId);
    Instant start = APRIL.atStartOfDay(zone).toInstant();
    Instant end = APRIL.plusMonths(1).atStartOfDay(zone).toInstant();
    List<PlanChange> ordered =
        planChanges.stream()
            .filter(c -> start.plusSeconds(c.second()).isBefore(end))
            .sorted(Comparator.comparingLong(PlanChange::second))
            .toList();

    // On plan a from the period's start (charged in advance), then each change in time order.
    long[] charged = new long[2];
    MeterAggregate[] aggregates = new MeterAggregate[2];
    AccountContext onA = new AccountContext("acc", "a", "smb", "USD", zone);
    RatingResult.Priced first =
        Fixtures.priced(
            rules[0].rollOver(
                onA,
                "fee:platform",
                new MeterAggregate(
                    "2026-03",
                    BigDecimal.ONE,
                    Set.of(),
                    0,
                    0,
                    RecurringUnits.startingWith(BigDecimal.ONE)),
                start));
    charged[0] += first.amountMinor();
    aggregates[0] = first.after();
    int plan = 0;
    long[] held = new long[2];
    long since = 0;
    long length = units(proration, zone, start, end);
    for (PlanChange change : ordered) {
      if (change.plan() == plan) {
        continue;
      }
      Instant at = start.plusSeconds(change.second());
      long offset = units(proration, zone, start, at);
      if (plan < 2) {
        held[plan] += offset - since;
        AccountContext on = new AccountContext("acc", plans[plan], "smb", "USD", zone);
        RatingResult.Priced off =
            Fixtures.priced(
                rules[plan].change(
                    on, "fee:platform", aggregates[plan], at, BigDecimal.ONE.negate()));
        charged[plan] += off.amountMinor();
        aggregates[plan] = off.after();
      }
      plan = change.plan();
      since = offset;
      if (plan < 2) {
        AccountContext on = new AccountContext("acc", plans[plan], "smb", "USD", zone);
        RatingResult.Priced onFee =
            Fixtures.priced(
                rules[plan].change(on, "fee:platform", aggregates[plan], at, BigDecimal.ONE));
        assertThat(onFee.kind()).isEqualTo(ChargeKind.SUBSCRIPTION_FEE);
        charged[plan] += onFee.amountMinor();
        aggregates[plan] = onFee.after();
      }
    }
    if (plan < 2) {
      held[plan] += length - since;
    }
    for (int p = 0; p < 2; p++) {
      BigDecimal exact =
          BigDecimal.valueOf(fees[p], 2)
              .multiply(BigDecimal.valueOf(held[p]))
              .divide(BigDecimal.valueOf(length), 2, rounding);
      assertThat(charged[p])
          .as("plan " + plans[p])
          .isEqualTo(exact.movePointRight(2).longValueExact());
    }
  }

  @Property(tries = 300)
  void trueUpsTotalWhatBringsTheSpendToTheMinimum(
      @ForAll @IntRange(min = 0, max = 100_000) int minimum,
      @ForAll @Size(max = 8) List<@IntRange(min = -3_000, max = 20_000) Integer> beforeClose,
      @ForAll @Size(max = 8) List<@IntRange(min = -3_000, max = 20_000) Integer> lateCharges) {
    RuleSet rules =
        Fixtures.parse(
            "id: min\nversion: 1\neffective_from: 2026-01-01T00:00:00Z\ncurrency: USD\n"
                + "minimum_spend: { amount: "
                + BigDecimal.valueOf(minimum, 2).toPlainString()
                + " }\n");
    AccountContext account = new AccountContext("acc", "pro", "smb", "USD", ZoneId.of("UTC"));
    long spent = beforeClose.stream().mapToLong(Integer::longValue).sum();
    long trueUps = 0;
    trueUps +=
        Fixtures.priced(rules.trueUp(account, new PeriodSpend("2026-04", spent, trueUps, true)))
            .amountMinor();
    for (int late : lateCharges) {
      spent += late;
      trueUps +=
          Fixtures.priced(rules.trueUp(account, new PeriodSpend("2026-04", spent, trueUps, true)))
              .amountMinor();
    }
    assertThat(trueUps).isEqualTo(Math.max(spent, minimum) - spent);
  }
}

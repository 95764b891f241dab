package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rating algorithm as it was before the fast paths (issue 6), kept as the test oracle: every
 * model priced through its explainable lines ({@code linesAt} of after and of before, diffed by
 * string keys), dimensions and windows resolved per event, month keys computed without a cache.
 * {@link RuleSet#rate} must return exactly what this returns. Since issue 12 it also caps the
 * charge, counts the event and carries the unit amount, each reckoned here on its own.
 */
final class ReferenceRating {
  private ReferenceRating() {}

  static RatingResult rate(
      RuleSet rules, AccountContext account, Usage usage, MeterAggregate before) {
    try {
      return rateOrRefuse(rules, account, usage, before);
    } catch (InvalidUsage e) {
      return new RatingResult.Refused("INVALID_EVENT", e.getMessage());
    } catch (ArithmeticException e) {
      return new RatingResult.Refused(
          "INVALID_EVENT",
          "event "
              + usage.eventId()
              + " gives an amount that cannot be represented in minor units of "
              + rules.currency()
              + ": "
              + e.getMessage());
    }
  }

  /** The period key as computed before the month-key cache. */
  static String periodOf(BillingPeriod period, java.time.Instant time, ZoneId zone) {
    return period instanceof BillingPeriod.CalendarMonth
        ? YearMonth.from(time.atZone(zone)).toString()
        : period.keyOf(time, zone);
  }

  private static RatingResult rateOrRefuse(
      RuleSet rules, AccountContext account, Usage usage, MeterAggregate before) {
    String ref = rules.id() + " v" + rules.version();
    String problem = checkUsage(usage);
    if (problem != null) {
      boolean negative = usage.quantity() != null && usage.quantity().signum() < 0;
      return new RatingResult.Refused(negative ? "INVALID_QUANTITY" : "INVALID_EVENT", problem);
    }
    MeterRule rule = rules.rule(usage.meter());
    if (rule == null) {
      return new RatingResult.Refused(
          "NO_PRICE", "rule set " + ref + " has no price for meter '" + usage.meter() + "'");
    }
    if (account.currency() != null && !account.currency().equals(rules.currency())) {
      return new RatingResult.Refused(
          "CURRENCY_MISMATCH",
          "account "
              + account.accountId()
              + " bills in "
              + account.currency()
              + " but rule set "
              + ref
              + " prices in "
              + rules.currency());
    }
    Money money = rules.money();
    ZoneId zone = account.zone() == null ? ZoneOffset.UTC : account.zone();
    String period = periodOf(rule.period(), usage.eventTime(), zone);
    MeterAggregate base =
        before != null && period.equals(before.period()) ? before : MeterAggregate.empty(period);

    Optional<MeterRule.Resolved> resolved = rule.resolve(usage.attributesOrEmpty());
    if (resolved.isEmpty()) {
      return new RatingResult.Refused(
          "NO_PRICE",
          "rule set "
              + ref
              + " has no price for meter '"
              + usage.meter()
              + "' with attributes "
              + usage.attributesOrEmpty()
              + ": no dimension matches and there is no default price");
    }
    ZonedDateTime local = usage.eventTime().atZone(zone);
    Optional<Tariff.Choice> choice = resolved.get().tariff().choose(local);
    if (choice.isEmpty()) {
      return new RatingResult.Refused(
          "NO_PRICE",
          "rule set " + ref + " has no time window for meter '" + usage.meter() + "' at " + local);
    }
    PriceModel model = choice.get().model();
    java.util.Set<String> uniques =
        rule.aggregation() == Aggregation.UNIQUE_COUNT
            ? Aggregation.uniquesAfter(base, usage, rule.uniqueAttribute())
            : java.util.Set.of();
    BigDecimal afterAggregate = rule.aggregation().next(base, usage, model.measure(), uniques);

    List<PriceLine> lines;
    long chargeMinor;
    if (model instanceof CumulativeModel cumulative) {
      List<PriceLine> atAfter = cumulative.linesAt(afterAggregate);
      List<PriceLine> atBefore = cumulative.linesAt(base.aggregate());
      lines = difference(atAfter, atBefore);
      chargeMinor = money.toMinor(total(atAfter)) - money.toMinor(total(atBefore));
    } else {
      lines =
          ((PerEventModel) model).linesFor(usage, base.aggregate(), afterAggregate, base.events());
      chargeMinor = money.toMinor(total(lines));
    }

    String prefix = labelPrefix(resolved.get().dimension(), choice.get().window());
    List<PriceComponent> breakdown = new ArrayList<>();
    for (PriceLine line : lines) {
      breakdown.add(line.toComponent(prefix));
    }
    BigDecimal rounding = money.toMajor(chargeMinor).subtract(total(lines));
    if (rounding.signum() != 0) {
      breakdown.add(
          new PriceLine(
                  "rounding",
                  "rounded to " + money.digits() + " digits " + money.rounding(),
                  BigDecimal.ONE,
                  rounding)
              .toComponent(""));
    }
    // The cap: the period's capped total before and after, from the uncapped totals.
    long uncappedAfter = base.chargedMinor() + chargeMinor;
    if (rule.cap() != null) {
      long cap = rule.cap().movePointRight(money.digits()).longValueExact();
      long capped = Math.min(uncappedAfter, cap) - Math.min(base.chargedMinor(), cap);
      if (capped != chargeMinor) {
        breakdown.add(
            new PriceLine(
                    "cap",
                    "cap " + rule.cap().setScale(money.digits()).toPlainString() + " per period",
                    BigDecimal.ONE,
                    money.toMajor(capped - chargeMinor))
                .toComponent(""));
      }
      chargeMinor = capped;
    }
    for (Promotion promotion : rules.promotions()) {
      if (promotion.appliesTo(account, usage.meter(), usage.eventTime())) {
        long discount = promotion.discountMinor(chargeMinor, money);
        if (discount != 0) {
          chargeMinor -= discount;
          breakdown.add(
              new PriceLine(
                      "discount",
                      promotion.label(),
                      BigDecimal.ONE,
                      money.toMajor(discount).negate())
                  .toComponent(""));
        }
      }
    }
    return new RatingResult.Priced(
        rules.id(),
        rules.version(),
        model.name(),
        period,
        chargeMinor,
        rules.currency(),
        money.digits(),
        breakdown,
        new MeterAggregate(period, afterAggregate, uniques, base.events() + 1, uncappedAfter, null),
        ChargeKind.USAGE,
        usage.quantity(),
        usage.quantity().signum() == 0
            ? null
            : money
                .toMajor(chargeMinor)
                .divide(usage.quantity(), money.unitDigits(), money.rounding()));
  }

  private static String checkUsage(Usage usage) {
    if (usage.meter() == null) {
      return "event " + usage.eventId() + " has no meter";
    }
    if (usage.eventTime() == null) {
      return "event " + usage.eventId() + " has no event time";
    }
    BigDecimal q = usage.quantity();
    if (q == null) {
      return "event " + usage.eventId() + " has no quantity";
    }
    if (q.signum() < 0) {
      return "event "
          + usage.eventId()
          + " has a negative quantity "
          + q.toPlainString()
          + " on meter '"
          + usage.meter()
          + "', which is not recurring: only recurring meters (seats) take removals; send a"
          + " correction or adjustment instead";
    }
    if (q.stripTrailingZeros().scale() > 6) {
      return "event "
          + usage.eventId()
          + " has quantity "
          + q.toPlainString()
          + " with more than 6 fractional digits";
    }
    return null;
  }

  private static List<PriceLine> difference(List<PriceLine> after, List<PriceLine> before) {
    Map<String, PriceLine> byKey = new LinkedHashMap<>();
    for (PriceLine line : after) {
      byKey.merge(key(line), line, ReferenceRating::add);
    }
    for (PriceLine line : before) {
      byKey.merge(key(line), line.negate(), ReferenceRating::add);
    }
    List<PriceLine> lines = new ArrayList<>();
    for (PriceLine line : byKey.values()) {
      if (line.quantity().signum() != 0) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String key(PriceLine line) {
    return line.kind() + '\u0000' + line.label() + '\u0000' + line.unitPrice().toPlainString();
  }

  private static PriceLine add(PriceLine a, PriceLine b) {
    return new PriceLine(a.kind(), a.label(), a.quantity().add(b.quantity()), a.unitPrice());
  }

  private static BigDecimal total(List<PriceLine> lines) {
    BigDecimal sum = BigDecimal.ZERO;
    for (PriceLine line : lines) {
      sum = sum.add(line.amount());
    }
    return sum;
  }

  private static String labelPrefix(String dimension, String window) {
    String prefix = dimension.isEmpty() ? "" : dimension + " / ";
    return window.isEmpty() ? prefix : prefix + window + " / ";
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The charges of a rule set's recurring items (meters and fees) and of its minimum spend. Every
 * charge of a recurring item is {@code round(price(after)) − round(price(before))} of the period's
 * timeline, so the charges of a period always add up exactly to its price.
 */
final class RecurringRating {
  /** Digits of a unit amount beyond the currency's, until the rule set says otherwise. */
  private final String ruleSetId;

  private final long version;
  private final Money money;
  private final Map<String, RecurringItem> items;
  private final MinimumSpend minimum;

  RecurringRating(
      String ruleSetId,
      long version,
      Money money,
      Map<String, RecurringItem> items,
      MinimumSpend minimum) {
    this.ruleSetId = ruleSetId;
    this.version = version;
    this.money = money;
    this.items = Map.copyOf(items);
    this.minimum = minimum;
  }

  /** The recurring meter or fee item {@code name}, or null. */
  RecurringItem item(String name) {
    return name == null ? null : items.get(name);
  }

  /** The recurring meter {@code name} (not a fee), or null. */
  RecurringItem meter(String name) {
    RecurringItem item = item(name);
    return item == null || item.fee() ? null : item;
  }

  Set<String> itemNames() {
    return items.keySet();
  }

  MinimumSpend minimum() {
    return minimum;
  }

  /** A change of {@code delta} units at {@code at}, priced pro rata for the rest of the period. */
  RatingResult change(
      AccountContext account,
      RecurringItem item,
      MeterAggregate before,
      Instant at,
      BigDecimal delta) {
    ZoneId zone = zoneOf(account);
    String key = item.period().keyOf(at, zone);
    MeterAggregate base =
        before != null && key.equals(before.period()) ? before : MeterAggregate.empty(key);
    RecurringUnits was = unitsOf(base);
    RecurringUnits now = withChange(was, new UnitChange(at, delta));
    String when =
        item.proration() == Proration.DAY
            ? at.atZone(zone).toLocalDate().toString()
            : at.toString();
    String what =
        (delta.signum() < 0 ? "" : "+")
            + delta.toPlainString()
            + " on "
            + when
            + ", "
            + item.left(key, zone, at);
    return priced(
        item, key, zone, base, was, now, base.events() + 1, item.changeKind(), delta.abs(), what);
  }

  /** The units {@code previous} ended with, held for the whole period starting at {@code start}. */
  RatingResult rollOver(
      AccountContext account, RecurringItem item, MeterAggregate previous, Instant start) {
    ZoneId zone = zoneOf(account);
    String key = item.period().keyOf(start, zone);
    BigDecimal held = previous == null ? BigDecimal.ZERO : unitsOf(previous).count();
    RecurringUnits now = RecurringUnits.startingWith(held);
    MeterAggregate empty = MeterAggregate.empty(key);
    return priced(
        item,
        key,
        zone,
        empty,
        RecurringUnits.startingWith(BigDecimal.ZERO),
        now,
        0,
        item.periodKind(),
        held.max(BigDecimal.ZERO),
        held.toPlainString() + " held from the period's start");
  }

  /** A late change of {@code delta} also changes the units {@code later}'s period began with. */
  RatingResult carryForward(
      AccountContext account, RecurringItem item, MeterAggregate later, BigDecimal delta) {
    RecurringUnits was = unitsOf(later);
    RecurringUnits now = new RecurringUnits(was.startCount().add(delta), was.changes());
    return priced(
        item,
        later.period(),
        zoneOf(account),
        later,
        was,
        now,
        later.events(),
        item.periodKind(),
        delta.abs(),
        "began with "
            + was.startCount().toPlainString()
            + ", now "
            + now.startCount().toPlainString()
            + " (a late change)");
  }

  private RatingResult priced(
      RecurringItem item,
      String key,
      ZoneId zone,
      MeterAggregate base,
      RecurringUnits was,
      RecurringUnits now,
      long events,
      ChargeKind kind,
      BigDecimal billed,
      String what) {
    RecurringPrice.Quote before = item.quote(was, key, zone, money);
    RecurringPrice.Quote after = item.quote(now, key, zone, money);
    long charge = Math.subtractExact(after.minor(), before.minor());
    List<PriceComponent> breakdown = new ArrayList<>(2);
    long prorated = after.proratedMinor() - before.proratedMinor();
    if (prorated != 0) {
      breakdown.add(
          component(
              kind == ChargeKind.PRORATION ? "proration" : "recurring",
              item.name()
                  + " "
                  + key
                  + ": "
                  + what
                  + "; units over the period "
                  + major(before.proratedMinor())
                  + " → "
                  + major(after.proratedMinor())
                  + ", rounded to "
                  + money.digits()
                  + " digits "
                  + money.rounding(),
              prorated));
    }
    long fees = after.feesMinor() - before.feesMinor();
    if (fees != 0) {
      breakdown.add(
          component(
              "flat_fee",
              item.name()
                  + " "
                  + key
                  + ": flat fees of the tiers reached by the period's maximum "
                  + after.maxCount().toPlainString(),
              fees));
    }
    MeterAggregate next =
        new MeterAggregate(
            key, now.count(), Set.of(), events, Math.addExact(base.chargedMinor(), charge), now);
    return new RatingResult.Priced(
        ruleSetId,
        version,
        item.modelName(),
        key,
        charge,
        money.currency(),
        money.digits(),
        breakdown,
        next,
        kind,
        billed,
        money.unitAmount(charge, billed));
  }

  /**
   * The true-up of a closed period: {@code max(0, minimum − spent)} less what was charged already.
   */
  RatingResult trueUp(PeriodSpend spend) {
    long minimumMinor = money.toMinor(minimum.amount());
    long due = Math.max(0, Math.subtractExact(minimumMinor, spend.spentMinor()));
    long charge = Math.subtractExact(due, spend.trueUpMinor());
    List<PriceComponent> breakdown = new ArrayList<>(2);
    breakdown.add(
        component(
            "minimum",
            "minimum spend "
                + major(minimumMinor)
                + " for "
                + spend.period()
                + ", spent "
                + major(spend.spentMinor()),
            due));
    if (spend.trueUpMinor() != 0) {
      breakdown.add(
          component(
              "minimum", "true-up charged before for " + spend.period(), -spend.trueUpMinor()));
    }
    return new RatingResult.Priced(
        ruleSetId,
        version,
        "minimum_spend",
        spend.period(),
        charge,
        money.currency(),
        money.digits(),
        breakdown,
        null,
        ChargeKind.MINIMUM_TRUE_UP,
        BigDecimal.ONE,
        null);
  }

  /**
   * The timeline of an aggregate: a plain (empty) aggregate starts with its count and no change.
   */
  static RecurringUnits unitsOf(MeterAggregate aggregate) {
    return aggregate.recurring() != null
        ? aggregate.recurring()
        : RecurringUnits.startingWith(aggregate.aggregate());
  }

  /** {@code units} with {@code change} in time order: after every change at the same instant. */
  static RecurringUnits withChange(RecurringUnits units, UnitChange change) {
    List<UnitChange> changes = new ArrayList<>(units.changes());
    int i = changes.size();
    while (i > 0 && changes.get(i - 1).at().isAfter(change.at())) {
      i--;
    }
    changes.add(i, change);
    return new RecurringUnits(units.startCount(), changes);
  }

  private PriceComponent component(String kind, String label, long amountMinor) {
    String amount = major(amountMinor);
    return new PriceComponent(kind, label, "1", amount, amount);
  }

  private String major(long minor) {
    return money.toMajor(minor).toPlainString();
  }

  static ZoneId zoneOf(AccountContext account) {
    return account == null || account.zone() == null ? java.time.ZoneOffset.UTC : account.zone();
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One parsed, validated, immutable version of a rule document: a price list for one currency and
 * one audience, in force from {@code effectiveFrom}. Create with {@link RuleParser#parse}.
 */
public final class RuleSet {
  private final String id;
  private final long version;
  private final Instant effectiveFrom;
  private final Instant effectiveTo;
  private final Money money;
  private final Audience audience;
  private final Map<String, MeterRule> meters;
  private final List<Promotion> promotions;
  private final String document;
  private final String sourceName;
  private final Map<String, MeterPlan> plans;
  private final String roundingLabel;
  private final RecurringRating recurring;
  private final List<String> feeItems;

  RuleSet(
      String id,
      long version,
      Instant effectiveFrom,
      Instant effectiveTo,
      Money money,
      Audience audience,
      Map<String, MeterRule> meters,
      List<Promotion> promotions,
      String document,
      String sourceName,
      RecurringTerms terms) {
    this.id = id;
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.effectiveTo = effectiveTo;
    this.money = money;
    this.audience = audience;
    this.meters = Map.copyOf(meters);
    this.promotions = List.copyOf(promotions);
    this.document = document;
    this.sourceName = sourceName;
    Map<String, MeterPlan> plans = new HashMap<>();
    this.meters.forEach((meter, rule) -> plans.put(meter, new MeterPlan(rule, money)));
    this.plans = Map.copyOf(plans);
    this.roundingLabel = "rounded to " + money.digits() + " digits " + money.rounding();
    this.recurring = recurringRating(id, version, money, this.meters, terms);
    this.feeItems = terms.fees().stream().map(RecurringFee::item).toList();
  }

  private static RecurringRating recurringRating(
      String id, long version, Money money, Map<String, MeterRule> meters, RecurringTerms terms) {
    Map<String, RecurringItem> items = new LinkedHashMap<>();
    terms
        .recurringMeters()
        .forEach(
            (meter, proration) -> {
              MeterRule rule = meters.get(meter);
              // The parser allows only a single per_unit, graduated or volume price here.
              CumulativeModel model =
                  (CumulativeModel) ((Tariff.Single) rule.defaultTariff()).model();
              items.put(meter, RecurringItem.ofMeter(meter, model, rule.period(), proration));
            });
    for (RecurringFee fee : terms.fees()) {
      items.put(fee.item(), RecurringItem.ofFee(fee));
    }
    return new RecurringRating(id, version, money, items, terms.minimum());
  }

  /** The rule set's id; its versions share it. */
  public String id() {
    return id;
  }

  public long version() {
    return version;
  }

  /** First instant this version prices (inclusive). */
  public Instant effectiveFrom() {
    return effectiveFrom;
  }

  /** First instant this version no longer prices (exclusive), or null when open-ended. */
  public Instant effectiveTo() {
    return effectiveTo;
  }

  /** ISO-4217 code of the currency of every price in this rule set. */
  public String currency() {
    return money.currency();
  }

  /** Number of fractional digits of the minor unit (the currency's default unless overridden). */
  public int currencyDigits() {
    return money.digits();
  }

  /** The meters this rule set prices. */
  public Set<String> meters() {
    return meters.keySet();
  }

  /** Whether this rule set has a price for {@code meter}. */
  public boolean prices(String meter) {
    return meters.containsKey(meter) || recurring.item(meter) != null;
  }

  /** Whether the account is in this price list's audience (public lists apply to every account). */
  public boolean appliesTo(AccountContext account) {
    return audience.includes(account);
  }

  /** account=3 > segment=2 > plan=1 > public=0: a more targeted list is preferred. */
  public int specificity() {
    return audience.specificity();
  }

  /**
   * Whether this version is in force at {@code time} by its own dates (ignoring newer versions).
   */
  public boolean inForceAt(Instant time) {
    return !time.isBefore(effectiveFrom) && (effectiveTo == null || time.isBefore(effectiveTo));
  }

  /**
   * The billing period a usage belongs to: the key its period aggregate is kept under (e.g.
   * "2026-11") and when it starts. Usage promotions fire once per account, rule and period start,
   * so a crossing belongs to the same period as the aggregate that crossed (anniversary periods
   * included).
   */
  public record UsagePeriod(String key, Instant start) {}

  /** The billing period of a usage of {@code meter} at {@code eventTime}, in the account's zone. */
  public UsagePeriod usagePeriodOf(String meter, AccountContext account, Instant eventTime) {
    BillingPeriod period = periodOfItem(meter);
    ZoneId zone = zoneOf(account);
    return new UsagePeriod(period.keyOf(eventTime, zone), period.startOf(eventTime, zone));
  }

  /** The billing-period key of a usage of {@code meter} at {@code eventTime}, e.g. "2026-11". */
  public String periodOf(String meter, AccountContext account, Instant eventTime) {
    return usagePeriodOf(meter, account, eventTime).key();
  }

  // ---------------------------------------------------------------- recurring items and minimums

  /**
   * The recurring items this rule set prices: its recurring meters (by meter name) and its
   * recurring fees (as {@code "fee:<id>"}). A recurring item keeps its count across periods.
   */
  public Set<String> recurringItems() {
    return recurring.itemNames();
  }

  /** Whether {@code item} is a recurring meter or a fee item ({@code "fee:<id>"}) of this set. */
  public boolean isRecurring(String item) {
    return recurring.item(item) != null;
  }

  /** The fee items ({@code "fee:<id>"}) this rule set charges, in document order. */
  public List<String> feeItems() {
    return feeItems;
  }

  /**
   * The end (exclusive) of the billing period of {@code item} (a meter or a fee item) containing
   * {@code time}, in the account's zone: when the next period starts.
   */
  public Instant periodEnd(String item, AccountContext account, Instant time) {
    return periodOfItem(item).endOf(time, zoneOf(account));
  }

  /**
   * A recurring item's count changes by {@code delta} at {@code at} (a fee starts with +1 and ends
   * with −1; a recurring meter's usage goes through {@link #rate}): the charge is the difference
   * the change makes to the period's price, pro rata for the rest of the period. {@code before} is
   * the item's aggregate of the period containing {@code at} (empty if none yet). Kind PRORATION
   * for meters, SUBSCRIPTION_FEE for fees.
   */
  public RatingResult change(
      AccountContext account, String item, MeterAggregate before, Instant at, BigDecimal delta) {
    if (at == null || delta == null) {
      return new RatingResult.Refused(
          "INVALID_EVENT", "a change of " + item + " needs a time and a number of units");
    }
    return priceRecurring(account, item, r -> recurring.change(account, r, before, at, delta));
  }

  /**
   * A new period of a recurring item begins at {@code periodStart}: the units held at the end of
   * {@code previous} (the item's aggregate of the period before) are charged for the whole new
   * period. {@code after} of the result is the new period's aggregate. Kind RECURRING for meters,
   * SUBSCRIPTION_FEE for fees.
   */
  public RatingResult rollOver(
      AccountContext account, String item, MeterAggregate previous, Instant periodStart) {
    if (periodStart == null) {
      return new RatingResult.Refused(
          "INVALID_EVENT", "a period start of " + item + " needs a time");
    }
    return priceRecurring(
        account, item, r -> recurring.rollOver(account, r, previous, periodStart));
  }

  /**
   * A late change of {@code delta} units, in a period before {@code later}'s, also changes the
   * units {@code later} began with: charged for that whole period (kind RECURRING for meters,
   * SUBSCRIPTION_FEE for fees).
   */
  public RatingResult carryForward(
      AccountContext account, String item, MeterAggregate later, BigDecimal delta) {
    if (later == null || delta == null) {
      return new RatingResult.Refused(
          "INVALID_EVENT", "carrying a change of " + item + " forward needs its period and units");
    }
    return priceRecurring(account, item, r -> recurring.carryForward(account, r, later, delta));
  }

  /**
   * Prices a change, period start or carry of {@code item} with {@code pricing}, or refuses it (not
   * a recurring item, another currency, an amount beyond minor units).
   */
  private RatingResult priceRecurring(
      AccountContext account, String item, Function<RecurringItem, RatingResult> pricing) {
    RecurringItem recurringItem = recurring.item(item);
    RatingResult refused = refuseRecurring(account, item, recurringItem);
    if (refused != null) {
      return refused;
    }
    try {
      return pricing.apply(recurringItem);
    } catch (ArithmeticException e) {
      return unrepresentable(item, e);
    }
  }

  /** Whether this rule set sets a minimum spend per period for the accounts it applies to. */
  public boolean hasMinimumSpend() {
    return recurring.minimum() != null;
  }

  /** The period of the minimum spend containing {@code time}, in the account's zone. */
  public UsagePeriod minimumPeriodOf(AccountContext account, Instant time) {
    BillingPeriod period = minimumSpend().period();
    ZoneId zone = zoneOf(account);
    return new UsagePeriod(period.keyOf(time, zone), period.startOf(time, zone));
  }

  /** The end (exclusive) of the minimum's period containing {@code time}. */
  public Instant minimumPeriodEnd(AccountContext account, Instant time) {
    return minimumSpend().period().endOf(time, zoneOf(account));
  }

  /**
   * The true-up of a closed period: what brings {@code spend.spentMinor()} up to the minimum, less
   * the true-up already charged ({@code spend.trueUpMinor()}); negative when late charges lowered
   * it. Kind MINIMUM_TRUE_UP; {@code after} is null.
   */
  public RatingResult trueUp(AccountContext account, PeriodSpend spend) {
    if (recurring.minimum() == null) {
      return new RatingResult.Refused("NO_PRICE", "rule set " + ref() + " sets no minimum_spend");
    }
    RatingResult refused = refuseCurrency(account);
    if (refused != null) {
      return refused;
    }
    try {
      return recurring.trueUp(spend);
    } catch (ArithmeticException e) {
      return unrepresentable("minimum_spend", e);
    }
  }

  private MinimumSpend minimumSpend() {
    if (recurring.minimum() == null) {
      throw new IllegalStateException("rule set " + ref() + " sets no minimum_spend");
    }
    return recurring.minimum();
  }

  /** The period of a meter or fee item; calendar months for anything else. */
  private BillingPeriod periodOfItem(String item) {
    MeterRule rule = meters.get(item);
    if (rule != null) {
      return rule.period();
    }
    RecurringItem recurringItem = recurring.item(item);
    return recurringItem != null ? recurringItem.period() : new BillingPeriod.CalendarMonth();
  }

  private RatingResult refuseRecurring(
      AccountContext account, String item, RecurringItem recurringItem) {
    if (recurringItem == null) {
      return new RatingResult.Refused(
          "NO_PRICE", "rule set " + ref() + " has no recurring meter or fee '" + item + "'");
    }
    return refuseCurrency(account);
  }

  private RatingResult refuseCurrency(AccountContext account) {
    if (account == null) {
      return new RatingResult.Refused("INVALID_EVENT", "nothing to price: no account context");
    }
    if (account.currency() != null && !account.currency().equals(currency())) {
      return new RatingResult.Refused(
          "CURRENCY_MISMATCH",
          "account "
              + account.accountId()
              + " bills in "
              + account.currency()
              + " but rule set "
              + ref()
              + " prices in "
              + currency());
    }
    return null;
  }

  private RatingResult unrepresentable(String item, ArithmeticException e) {
    return new RatingResult.Refused(
        "INVALID_EVENT",
        item
            + " gives an amount that cannot be represented in minor units of "
            + currency()
            + ": "
            + e.getMessage());
  }

  /** The rule document exactly as written. */
  public String document() {
    return document;
  }

  /** Where the document came from (file name), for messages. */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Prices one usage, given the meter's aggregate before it. Pure. Pass the aggregate of the
   * usage's billing period (see {@link #periodOf}); an aggregate of another period is ignored and
   * pricing starts from empty, which is right for the first event of a new period but wrong for a
   * late event of an older one, so callers keep one aggregate per period they still accept events
   * for. Never throws for bad usage: returns {@link RatingResult.Refused} instead. The result's
   * {@code after} also counts the event and keeps the period's uncapped total (for free events and
   * caps); its unit amount is {@link Money#unitAmount} of the usage's quantity.
   *
   * <p>A usage of a recurring meter is a change of its count by the quantity (negative allowed) at
   * the event time, charged as {@link #change} charges it (kind PRORATION, no promotions); pass the
   * aggregate its period started with ({@link #rollOver}), else the count starts from zero.
   */
  public RatingResult rate(AccountContext account, Usage usage, MeterAggregate before) {
    try {
      return rateOrRefuse(account, usage, before);
    } catch (InvalidUsage e) {
      return new RatingResult.Refused("INVALID_EVENT", e.getMessage());
    } catch (ArithmeticException e) {
      return new RatingResult.Refused(
          "INVALID_EVENT",
          "event "
              + (usage == null ? null : usage.eventId())
              + " gives an amount that cannot be represented in minor units of "
              + currency()
              + ": "
              + e.getMessage());
    }
  }

  private RatingResult rateOrRefuse(AccountContext account, Usage usage, MeterAggregate before) {
    if (account == null || usage == null) {
      return new RatingResult.Refused(
          "INVALID_EVENT",
          "nothing to price: "
              + (usage == null ? "no usage" : "no account context for event " + usage.eventId()));
    }
    RecurringItem recurringMeter = recurring.meter(usage.meter());
    String problem = checkUsage(usage, recurringMeter != null);
    if (problem != null) {
      // a negative quantity passes decoding (it may remove seats): refused as decoding would have
      boolean negative = usage.quantity() != null && usage.quantity().signum() < 0;
      return new RatingResult.Refused(negative ? "INVALID_QUANTITY" : "INVALID_EVENT", problem);
    }
    MeterPlan plan = plans.get(usage.meter());
    if (plan == null) {
      return new RatingResult.Refused(
          "NO_PRICE", "rule set " + ref() + " has no price for meter '" + usage.meter() + "'");
    }
    if (account.currency() != null && !account.currency().equals(currency())) {
      return new RatingResult.Refused(
          "CURRENCY_MISMATCH",
          "account "
              + account.accountId()
              + " bills in "
              + account.currency()
              + " but rule set "
              + ref()
              + " prices in "
              + currency());
    }
    if (recurringMeter != null) {
      // A recurring meter's quantity is a change of its count (+3 seats, -1 seat).
      return recurring.change(account, recurringMeter, before, usage.eventTime(), usage.quantity());
    }
    MeterRule rule = plan.rule();
    ZoneId zone = zoneOf(account);
    String period = rule.period().keyOf(usage.eventTime(), zone);
    MeterAggregate base =
        before != null && period.equals(before.period()) ? before : MeterAggregate.empty(period);

    MeterPlan.Route route = plan.resolve(usage.attributesOrEmpty());
    if (route == null) {
      return new RatingResult.Refused(
          "NO_PRICE",
          "rule set "
              + ref()
              + " has no price for meter '"
              + usage.meter()
              + "' with attributes "
              + usage.attributesOrEmpty()
              + ": no dimension matches and there is no default price");
    }
    MeterPlan.Pick pick = route.choose(usage.eventTime(), zone);
    if (pick == null) {
      return new RatingResult.Refused(
          "NO_PRICE",
          "rule set "
              + ref()
              + " has no time window for meter '"
              + usage.meter()
              + "' at "
              + usage.eventTime().atZone(zone));
    }
    PriceModel model = pick.model();
    Aggregation aggregation = rule.aggregation();
    Set<String> uniques =
        aggregation == Aggregation.UNIQUE_COUNT
            ? Aggregation.uniquesAfter(base, usage, rule.uniqueAttribute())
            : Set.of();
    BigDecimal afterAggregate = aggregation.next(base, usage, model.measure(), uniques);

    Breakdown breakdown = new Breakdown(pick.labelPrefix(), roundingLabel);
    long chargeMinor;
    if (model instanceof CumulativeModel cumulative) {
      chargeMinor =
          cumulative.price(base.aggregate(), afterAggregate, money, breakdown)
              ? breakdown.chargeMinor
              : priceByLines(cumulative, base.aggregate(), afterAggregate, breakdown);
    } else {
      List<PriceLine> lines =
          ((PerEventModel) model).linesFor(usage, base.aggregate(), afterAggregate, base.events());
      BigDecimal exact = total(lines);
      chargeMinor = money.toMinor(exact);
      breakdown.lines(lines);
      breakdown.rounding(money.toMajor(chargeMinor).subtract(exact));
    }
    long uncappedAfter = Math.addExact(base.chargedMinor(), chargeMinor);
    chargeMinor = capped(plan.cap(), base.chargedMinor(), uncappedAfter, chargeMinor, breakdown);
    // Indexed: the (mostly empty) list's iterator would be one more allocation per event.
    for (int i = 0; i < promotions.size(); i++) {
      Promotion promotion = promotions.get(i);
      if (promotion.appliesTo(account, usage.meter(), usage.eventTime())) {
        long discount = promotion.discountMinor(chargeMinor, money);
        if (discount != 0) {
          chargeMinor -= discount;
          breakdown.unprefixed("discount", promotion.label(), money.toMajor(discount).negate());
        }
      }
    }
    MeterAggregate after =
        new MeterAggregate(period, afterAggregate, uniques, base.events() + 1, uncappedAfter, null);
    return new RatingResult.Priced(
        id,
        version,
        model.name(),
        period,
        chargeMinor,
        currency(),
        money.digits(),
        breakdown.toList(),
        after,
        ChargeKind.USAGE,
        usage.quantity(),
        money.unitAmount(chargeMinor, usage.quantity()));
  }

  /**
   * The charge once the meter's cap applies (the charge itself when it has none): {@code
   * min(U_after, cap) − min(U_before, cap)} of the period's uncapped total U, with a {@code cap}
   * component for the difference so that the breakdown still adds up to the charge.
   */
  private long capped(
      MeterCap cap, long uncappedBefore, long uncappedAfter, long chargeMinor, Breakdown out) {
    if (cap == null) {
      return chargeMinor;
    }
    long capped = cap.charge(uncappedBefore, uncappedAfter);
    if (capped != chargeMinor) {
      out.unprefixed("cap", cap.label(), money.toMajor(capped - chargeMinor));
    }
    return capped;
  }

  /**
   * The reference algorithm of cumulative models, for models without a fast path and inputs a fast
   * path declines: the whole period priced as explainable lines at {@code after} and at {@code
   * before}, the event's lines their difference.
   */
  private long priceByLines(
      CumulativeModel model, BigDecimal before, BigDecimal after, Breakdown breakdown) {
    List<PriceLine> atAfter = model.linesAt(after);
    List<PriceLine> atBefore = model.linesAt(before);
    List<PriceLine> lines = difference(atAfter, atBefore);
    // Round the period totals, not the event: per-event charges then telescope with no drift.
    long chargeMinor = money.toMinor(total(atAfter)) - money.toMinor(total(atBefore));
    breakdown.lines(lines);
    breakdown.rounding(money.toMajor(chargeMinor).subtract(total(lines)));
    return chargeMinor;
  }

  private static String checkUsage(Usage usage, boolean recurringMeter) {
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
    if (q.signum() < 0 && !recurringMeter) {
      return "event "
          + usage.eventId()
          + " has a negative quantity "
          + q.toPlainString()
          + " on meter '"
          + usage.meter()
          + "', which is not recurring: only recurring meters (seats) take removals; send a"
          + " correction or adjustment instead";
    }
    // scale() first: Avro's decimals have scale 6, and stripTrailingZeros allocates.
    if (q.scale() > 6 && q.stripTrailingZeros().scale() > 6) {
      return "event "
          + usage.eventId()
          + " has quantity "
          + q.toPlainString()
          + " with more than 6 fractional digits";
    }
    // Like quantities, monetary inputs are bounded so one odd event cannot make pricing crawl.
    String problem = checkAmount(usage, usage.value());
    return problem != null ? problem : checkAmount(usage, usage.unitPrice());
  }

  private static String checkAmount(Usage usage, BigDecimal money) {
    // scale() first, as for quantities: stripping can only lower a scale, and it allocates.
    if (money != null
        && (money.scale() > 12 && money.stripTrailingZeros().scale() > 12
            || money.precision() - money.scale() > 24)) {
      return "event "
          + usage.eventId()
          + " carries the amount "
          + money
          + ", beyond 24 integer digits or 12 decimals";
    }
    return null;
  }

  /** The lines of the event: what {@code after} has that {@code before} had not, per line. */
  private static List<PriceLine> difference(List<PriceLine> after, List<PriceLine> before) {
    Map<String, PriceLine> byKey = new LinkedHashMap<>();
    for (PriceLine line : after) {
      byKey.merge(key(line), line, RuleSet::add);
    }
    for (PriceLine line : before) {
      byKey.merge(key(line), line.negate(), RuleSet::add);
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

  private static ZoneId zoneOf(AccountContext account) {
    return account == null || account.zone() == null ? ZoneOffset.UTC : account.zone();
  }

  /** The rule of {@code meter}, or null (for the reference algorithm in tests). */
  MeterRule rule(String meter) {
    return meters.get(meter);
  }

  Money money() {
    return money;
  }

  List<Promotion> promotions() {
    return promotions;
  }

  private String ref() {
    return id + " v" + version;
  }

  @Override
  public String toString() {
    return "RuleSet["
        + ref()
        + ", "
        + currency()
        + ", from "
        + effectiveFrom
        + (effectiveTo == null ? "" : " to " + effectiveTo)
        + ", "
        + sourceName
        + "]";
  }
}

package io.rateflow.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A recurring meter or fee of a rule set, as its charges need it: its price, period and proration,
 * and the model name its charges carry.
 */
record RecurringItem(
    String name,
    String modelName,
    RecurringPrice price,
    BillingPeriod period,
    Proration proration,
    boolean fee) {

  static RecurringItem ofMeter(
      String meter, CumulativeModel model, BillingPeriod period, Proration proration) {
    return new RecurringItem(
        meter, model.name(), new RecurringPrice(model), period, proration, false);
  }

  static RecurringItem ofFee(RecurringFee fee) {
    return new RecurringItem(
        fee.item(),
        "recurring_fee",
        new RecurringPrice(new PerUnitModel(fee.amount())),
        fee.period(),
        fee.proration(),
        true);
  }

  /** The kind of a change within a period. */
  ChargeKind changeKind() {
    return fee ? ChargeKind.SUBSCRIPTION_FEE : ChargeKind.PRORATION;
  }

  /** The kind of a period start (and of a late change carried into a later period). */
  ChargeKind periodKind() {
    return fee ? ChargeKind.SUBSCRIPTION_FEE : ChargeKind.RECURRING;
  }

  /** What is left of the period named {@code key} at {@code at}: "15 of 30 days left". */
  String left(String key, ZoneId zone, Instant at) {
    LocalDate first = period.firstDayOf(key);
    Instant start = first.atStartOfDay(zone).toInstant();
    Instant end = period.nextFirstDay(first).atStartOfDay(zone).toInstant();
    long length = proration.length(start, end, zone);
    long offset = Math.min(Math.max(proration.offset(start, at, zone), 0), length);
    String unit = proration == Proration.DAY ? " days" : " s";
    return (length - offset) + " of " + length + unit + " left";
  }

  /** The price of the period named {@code key}, held as {@code units} says. */
  RecurringPrice.Quote quote(RecurringUnits units, String key, ZoneId zone, Money money) {
    LocalDate first = period.firstDayOf(key);
    Instant start = first.atStartOfDay(zone).toInstant();
    Instant end = period.nextFirstDay(first).atStartOfDay(zone).toInstant();
    return price.quote(units, start, end, zone, proration, money);
  }
}

package io.rateflow.job;

import io.rateflow.avro.Charge;
import java.math.BigDecimal;

/**
 * Running totals of one analytics minute: exact quantity (BigDecimal) and revenue (minor units).
 * Also the shape a single charge takes on its way to the analytics windows, so only these few
 * fields cross the network, not the whole charge.
 */
public class AnalyticsTotals {
  public String meter = "";
  public String segment = "";
  public String currency = "";
  public int currencyDigits;
  public long charges;
  public BigDecimal quantity = BigDecimal.ZERO;
  public long revenueMinor;

  /** For Flink's POJO serializer. */
  public AnalyticsTotals() {}

  /** The totals of one charge. */
  public static AnalyticsTotals of(Charge c) {
    AnalyticsTotals t = new AnalyticsTotals();
    t.meter = c.getMeter();
    t.segment = c.getSegment();
    t.currency = c.getCurrency();
    t.currencyDigits = c.getCurrencyDigits();
    t.charges = 1;
    t.quantity = c.getQuantity();
    t.revenueMinor = c.getAmountMinor();
    return t;
  }

  /** The analytics key: product, segment and currency (revenue in two currencies never adds up). */
  public String key() {
    return meter + '|' + segment + '|' + currency;
  }

  /** Adds {@code other} into these totals; fails rather than wrap beyond the long range. */
  public AnalyticsTotals add(AnalyticsTotals other) {
    if (charges == 0) {
      meter = other.meter;
      segment = other.segment;
      currency = other.currency;
      currencyDigits = other.currencyDigits;
    }
    charges = Math.addExact(charges, other.charges);
    quantity = quantity.add(other.quantity);
    revenueMinor = Math.addExact(revenueMinor, other.revenueMinor);
    return this;
  }
}

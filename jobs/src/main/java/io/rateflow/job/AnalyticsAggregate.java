package io.rateflow.job;

import io.rateflow.avro.Charge;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Adds charges up per analytics minute, exactly: quantities as {@code BigDecimal}, amounts as
 * {@code long} minor units with overflow checks. Never a double.
 */
public class AnalyticsAggregate implements AggregateFunction<Charge, AnalyticsTotals, AnalyticsTotals> {

  /** The analytics key: product, segment and currency (revenue in two currencies never adds up). */
  public static String key(Charge c) {
    return c.getMeter() + '|' + c.getSegment() + '|' + c.getCurrency();
  }

  @Override
  public AnalyticsTotals createAccumulator() {
    return new AnalyticsTotals();
  }

  @Override
  public AnalyticsTotals add(Charge c, AnalyticsTotals t) {
    t.meter = c.getMeter();
    t.segment = c.getSegment();
    t.currency = c.getCurrency();
    t.currencyDigits = c.getCurrencyDigits();
    t.charges++;
    t.quantity = t.quantity.add(c.getQuantity());
    t.revenueMinor = Math.addExact(t.revenueMinor, c.getAmountMinor());
    return t;
  }

  @Override
  public AnalyticsTotals getResult(AnalyticsTotals t) {
    return t;
  }

  @Override
  public AnalyticsTotals merge(AnalyticsTotals a, AnalyticsTotals b) {
    AnalyticsTotals m = new AnalyticsTotals();
    AnalyticsTotals named = a.charges > 0 ? a : b;
    m.meter = named.meter;
    m.segment = named.segment;
    m.currency = named.currency;
    m.currencyDigits = named.currencyDigits;
    m.charges = a.charges + b.charges;
    m.quantity = a.quantity.add(b.quantity);
    m.revenueMinor = Math.addExact(a.revenueMinor, b.revenueMinor);
    return m;
  }
}

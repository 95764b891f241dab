package io.rateflow.job;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Adds charge totals up per analytics minute, exactly: quantities as {@code BigDecimal}, amounts as
 * {@code long} minor units with overflow checks. Never a double.
 */
public class AnalyticsAggregate
    implements AggregateFunction<AnalyticsTotals, AnalyticsTotals, AnalyticsTotals> {

  @Override
  public AnalyticsTotals createAccumulator() {
    return new AnalyticsTotals();
  }

  @Override
  public AnalyticsTotals add(AnalyticsTotals in, AnalyticsTotals t) {
    return t.add(in);
  }

  @Override
  public AnalyticsTotals getResult(AnalyticsTotals t) {
    return t;
  }

  @Override
  public AnalyticsTotals merge(AnalyticsTotals a, AnalyticsTotals b) {
    return new AnalyticsTotals().add(a).add(b);
  }
}

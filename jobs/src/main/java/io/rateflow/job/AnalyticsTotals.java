package io.rateflow.job;

import java.math.BigDecimal;

/** Running totals of one analytics minute: exact quantity (BigDecimal) and revenue (minor units). */
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
}

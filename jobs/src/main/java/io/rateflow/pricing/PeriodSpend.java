package io.rateflow.pricing;

/**
 * An account's spend in one period of its minimum: what its charges added up to, the true-up
 * charged so far, and whether the period has closed in event time.
 */
public record PeriodSpend(String period, long spentMinor, long trueUpMinor, boolean closed) {

  public static PeriodSpend empty(String period) {
    return new PeriodSpend(period, 0, 0, false);
  }
}

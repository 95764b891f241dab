package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * A plan's subscription fee: {@code amount} per period, charged in advance at each period start and
 * pro rata while the account is on the plan for part of a period. Priced as a recurring item {@code
 * "fee:<id>"} whose count is 1 while the account is on the plan.
 */
record RecurringFee(
    String id, String description, BigDecimal amount, BillingPeriod period, Proration proration) {

  static final String PREFIX = "fee:";

  /** The recurring item that carries this fee's count: {@code "fee:<id>"}. */
  String item() {
    return PREFIX + id;
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * A minimum an account spends per period: when the period closes, a true-up charge brings the
 * period's priced charges up to {@code amount}. Not prorated.
 */
record MinimumSpend(BigDecimal amount, BillingPeriod period) {}

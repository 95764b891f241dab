package io.rateflow.balances.promotions;

import java.time.Instant;

/**
 * A coupon offered to an account, to publish on the promotion-triggers topic.
 *
 * @param id deterministic from account, rule and period: at most one offer per rule and period
 * @param period the billing period start the usage was counted in
 */
public record PromotionOffer(
    String id,
    String accountId,
    String ruleId,
    String coupon,
    String message,
    String period,
    Instant at) {}

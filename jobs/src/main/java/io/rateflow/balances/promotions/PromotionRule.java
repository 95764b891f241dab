package io.rateflow.balances.promotions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One validated promotion from a document in {@code pricing-rules/promotions/}.
 *
 * @param location {@code file:line} where the rule is defined, for messages
 * @param meter the meter of a first-use or usage-above rule ({@code null} for top-up)
 * @param threshold usage above which a usage-above rule fires ({@code null} otherwise)
 * @param minTopUpMinor smallest top-up that earns the bonus (top-up rules; 0 otherwise)
 * @param currency currency of amounts (required for grants and top-up rules)
 * @param grant credit to grant automatically, or {@code null}
 * @param offer coupon to offer, or {@code null}
 * @param validFrom first instant a fact can match ({@code null} = always)
 * @param validUntil instant from which facts no longer match ({@code null} = never ends)
 */
public record PromotionRule(
    String id,
    String location,
    PromotionTrigger trigger,
    String meter,
    BigDecimal threshold,
    long minTopUpMinor,
    Currency currency,
    GrantSpec grant,
    OfferSpec offer,
    Instant validFrom,
    Instant validUntil) {

  public PromotionRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trigger, "trigger");
  }

  /** Whether the promotion runs at {@code t}. */
  public boolean activeAt(Instant t) {
    return (validFrom == null || !t.isBefore(validFrom))
        && (validUntil == null || t.isBefore(validUntil));
  }
}

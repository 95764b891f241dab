package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * A discount inside a rule set: a percentage off each event's charge, or a fixed amount off each
 * event, for some meters (all when empty), during {@code [from, to)} (open ends when null), for an
 * audience.
 */
record Promotion(
    String id,
    String label,
    Set<String> meters,
    BigDecimal percentOff,
    BigDecimal amountOff,
    Instant from,
    Instant to,
    Audience audience) {

  boolean appliesTo(AccountContext account, String meter, Instant eventTime) {
    return (meters.isEmpty() || meters.contains(meter))
        && (from == null || !eventTime.isBefore(from))
        && (to == null || eventTime.isBefore(to))
        && audience.includes(account);
  }

  /**
   * The discount in minor units for a charge of {@code chargeMinor}. A percentage scales credits
   * too, so a period's discounted charges stay proportional; a fixed amount only reduces positive
   * charges and never below zero.
   */
  long discountMinor(long chargeMinor, Money money) {
    if (percentOff != null) {
      return BigDecimal.valueOf(chargeMinor)
          .multiply(percentOff)
          .movePointLeft(2)
          .setScale(0, money.rounding())
          .longValueExact();
    }
    if (chargeMinor <= 0) {
      return 0;
    }
    return Math.min(chargeMinor, money.toMinor(amountOff));
  }
}

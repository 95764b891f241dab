package io.rateflow.balances.promotions;

import java.math.BigDecimal;
import java.time.Instant;

/** Something that happened on an account that promotions may react to. */
public sealed interface PromotionFact {

  String accountId();

  /** When it happened (event or command time; never the wall clock). */
  Instant at();

  /**
   * An account's usage of a meter in one billing period went from {@code before} to {@code after}.
   * A usage-above rule fires when this step crosses its threshold, so it fires once per period
   * without the promotion book keeping any state.
   */
  record UsageAggregate(
      String accountId,
      String meter,
      Instant periodStart,
      BigDecimal before,
      BigDecimal after,
      Instant at)
      implements PromotionFact {}

  /** A top-up was applied (only send applied top-ups, not rejected ones). */
  record ToppedUp(String accountId, String commandId, long amountMinor, String currency, Instant at)
      implements PromotionFact {}

  /**
   * The account used a meter for the first time. The operator decides "first" from its per-meter
   * usage state; the grant's command id is derived from account, rule and meter, so a repeated fact
   * is rejected by the wallet as a duplicate while the wallet still remembers it.
   */
  record FirstUse(String accountId, String meter, Instant at) implements PromotionFact {}
}

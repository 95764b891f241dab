package io.rateflow.balances.triggers;

import java.time.Instant;
import java.util.Objects;

/**
 * An advice-of-charge or promotion trigger to publish.
 *
 * @param id deterministic from account, condition and period: a replay emits the same id
 * @param conditionKey which condition, e.g. {@code allowance-used:api_calls:80}
 * @param period the period it fired for: the billing period start (allowances), the grant's expiry
 *     (expiring grants), or the instant the condition was crossed (balance conditions, which
 *     re-arm)
 * @param at the time of the input that made it fire
 * @param detail a short human-readable explanation with the numbers
 */
public record Trigger(
    String id,
    String accountId,
    TriggerKind kind,
    String conditionKey,
    String period,
    Instant at,
    String detail) {
  public Trigger {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(conditionKey, "conditionKey");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(at, "at");
  }
}

package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/**
 * Correct a money grant by {@code deltaMinor} (positive adds credit, negative removes it); the
 * grant's remaining may not go below zero. Allowances are changed by revoking and granting, not
 * adjusted.
 */
public record Adjust(
    String commandId, Instant at, String grantId, long deltaMinor, String currency, String reason)
    implements BalanceCommand {
  public Adjust {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(grantId, "grantId");
  }
}

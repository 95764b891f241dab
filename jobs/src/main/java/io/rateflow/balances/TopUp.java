package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/**
 * The customer paid {@code amountMinor} into the account: a new {@link GrantKind#PREPAID} grant
 * whose id is the command id. On a prepaid-only account in overdraft, the top-up first settles what
 * is owed.
 *
 * @param currency ISO-4217 code; must be the wallet's currency
 * @param expiry when the paid credit lapses, or {@code null} (usual: paid credit rarely expires)
 */
public record TopUp(
    String commandId, Instant at, long amountMinor, String currency, int priority, Instant expiry)
    implements BalanceCommand {
  public TopUp {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(at, "at");
  }

  /** A top-up without expiry at the default priority 100. */
  public static TopUp of(String commandId, Instant at, long amountMinor, String currency) {
    return new TopUp(commandId, at, amountMinor, currency, 100, null);
  }
}

package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/**
 * Set how far a prepaid-only account may go into overdraft before a charge is flagged {@code
 * exceedsLimit} (0 = no overdraft). Has no effect on postpaid accounts, whose uncovered usage is
 * invoiced.
 */
public record SetCreditLimit(String commandId, Instant at, long limitMinor, String currency)
    implements BalanceCommand {
  public SetCreditLimit {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(at, "at");
  }
}

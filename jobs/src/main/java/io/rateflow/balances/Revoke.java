package io.rateflow.balances;

import java.time.Instant;
import java.util.Objects;

/** Take a grant away entirely (what is left of it), e.g. a cancelled promotion or plan change. */
public record Revoke(String commandId, Instant at, String grantId, String reason)
    implements BalanceCommand {
  public Revoke {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(grantId, "grantId");
  }
}

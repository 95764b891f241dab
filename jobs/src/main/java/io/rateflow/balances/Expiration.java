package io.rateflow.balances;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Wallet#expire} did: the wallet without the expired grants, and the breakage
 * movements.
 */
public record Expiration(Wallet wallet, List<BalanceMovement> movements) {
  public Expiration {
    Objects.requireNonNull(wallet, "wallet");
    movements = List.copyOf(movements);
  }
}

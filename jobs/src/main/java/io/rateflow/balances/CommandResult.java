package io.rateflow.balances;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Wallet#apply} did: applied (new wallet and movements) or rejected (wallet unchanged).
 */
public sealed interface CommandResult permits CommandResult.Applied, CommandResult.Rejected {

  /** The wallet to keep: the new one if applied, the same one if rejected. */
  Wallet wallet();

  /** The movements to publish; empty when rejected. */
  List<BalanceMovement> movements();

  /** The command changed the wallet and is now remembered as applied. */
  record Applied(Wallet wallet, List<BalanceMovement> movements) implements CommandResult {
    public Applied {
      Objects.requireNonNull(wallet, "wallet");
      movements = List.copyOf(movements);
    }
  }

  /** The command was refused; publish the rejection, keep the wallet. */
  record Rejected(Wallet wallet, Rejection rejection) implements CommandResult {
    public Rejected {
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(rejection, "rejection");
    }

    @Override
    public List<BalanceMovement> movements() {
      return List.of();
    }
  }
}

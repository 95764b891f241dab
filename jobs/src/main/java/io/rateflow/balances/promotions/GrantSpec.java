package io.rateflow.balances.promotions;

import java.time.Duration;

/**
 * The promotional credit a rule grants: a fixed {@code amountMinor}, or (top-up rules only) {@code
 * percentOfTopUp} percent of the top-up, rounded down so we never give more than promised.
 *
 * @param expiresAfter how long the credit lasts from the fact's time, or {@code null} for no expiry
 */
public record GrantSpec(long amountMinor, int percentOfTopUp, int priority, Duration expiresAfter) {

  /** The credit for a top-up of {@code topUpMinor} (or the fixed amount). */
  public long amountFor(long topUpMinor) {
    if (percentOfTopUp > 0) {
      return Math.multiplyExact(topUpMinor, (long) percentOfTopUp) / 100;
    }
    return amountMinor;
  }
}

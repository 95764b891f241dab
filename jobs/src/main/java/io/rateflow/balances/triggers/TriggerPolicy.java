package io.rateflow.balances.triggers;

import java.util.List;
import java.util.Objects;

/**
 * Which triggers a plan wants and at which thresholds (configuration, broadcast with the plan).
 *
 * @param balanceBelowMinor fire when usable money credit drops below each of these amounts
 * @param belowPercentOfLastTopUp fire when credit drops below each percentage (1..100) of the last
 *     top-up
 * @param allowanceUsedPercent fire when a meter's allowance reaches each percentage (1..100) used,
 *     once per billing period
 * @param depletionWithinDays fire when the 7-day burn rate would use up the credit within this many
 *     days (0 = off)
 * @param expiringWithinDays fire when a grant with credit left expires within this many days (0 =
 *     off)
 * @param exhausted fire when a prepaid-only charge goes beyond the credit limit
 */
public record TriggerPolicy(
    List<Long> balanceBelowMinor,
    List<Integer> belowPercentOfLastTopUp,
    List<Integer> allowanceUsedPercent,
    int depletionWithinDays,
    int expiringWithinDays,
    boolean exhausted)
    implements java.io.Serializable {

  public TriggerPolicy {
    balanceBelowMinor = List.copyOf(Objects.requireNonNull(balanceBelowMinor, "balanceBelowMinor"));
    belowPercentOfLastTopUp =
        List.copyOf(Objects.requireNonNull(belowPercentOfLastTopUp, "belowPercent"));
    allowanceUsedPercent =
        List.copyOf(Objects.requireNonNull(allowanceUsedPercent, "allowanceUsedPercent"));
    for (long amount : balanceBelowMinor) {
      if (amount <= 0) {
        throw new IllegalArgumentException("balance-below threshold must be positive: " + amount);
      }
    }
    for (int pct : belowPercentOfLastTopUp) {
      checkPercent("below-percent-of-last-top-up", pct);
    }
    for (int pct : allowanceUsedPercent) {
      checkPercent("allowance-used", pct);
    }
    if (depletionWithinDays < 0 || expiringWithinDays < 0) {
      throw new IllegalArgumentException("trigger day counts must be 0 (off) or positive");
    }
  }

  /**
   * Allowance 50/80/100 %, credit below 20 % of the last top-up, depletion within 3 days, expiry
   * within 7.
   */
  public static TriggerPolicy defaults() {
    return new TriggerPolicy(List.of(), List.of(20), List.of(50, 80, 100), 3, 7, true);
  }

  /** No triggers at all. */
  public static TriggerPolicy none() {
    return new TriggerPolicy(List.of(), List.of(), List.of(), 0, 0, false);
  }

  private static void checkPercent(String what, int pct) {
    if (pct < 1 || pct > 100) {
      throw new IllegalArgumentException(what + " percentage must be 1..100: " + pct);
    }
  }
}

package io.rateflow.cli.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Which fault comes when: the kinds in turn, or drawn with the soak's seed. */
public final class FaultPlan {
  private FaultPlan() {}

  /** How the kinds are chosen. */
  public enum Order {
    ROUND_ROBIN,
    RANDOM
  }

  /**
   * {@code count} faults. Round-robin takes the kinds in declaration order; random draws each with
   * {@code seed}, but still covers every kind once when {@code count} allows (a soak of 4 faults
   * that never restarts the broker proves less than it says).
   */
  public static List<FaultKind> of(int count, Order order, long seed) {
    FaultKind[] kinds = FaultKind.values();
    List<FaultKind> plan = new ArrayList<>(count);
    if (order == Order.ROUND_ROBIN) {
      for (int i = 0; i < count; i++) {
        plan.add(kinds[i % kinds.length]);
      }
      return plan;
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<FaultKind> bag = new ArrayList<>();
    while (plan.size() < count) {
      if (bag.isEmpty()) {
        bag.addAll(List.of(kinds));
      }
      plan.add(bag.remove(random.nextInt(bag.size())));
    }
    return plan;
  }
}

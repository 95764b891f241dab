package io.rateflow.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void roundRobinTakesTheKindsInTurn() {
    assertThat(FaultPlan.of(5, FaultPlan.Order.ROUND_ROBIN, 1))
        .containsExactly(
            FaultKind.OPERATOR_EXCEPTION,
            FaultKind.TASK_MANAGER_KILLED,
            FaultKind.BROKER_RESTARTED,
            FaultKind.RESCALED_FROM_SAVEPOINT,
            FaultKind.OPERATOR_EXCEPTION);
  }

  @Test
  void randomCoversEveryKindBeforeRepeatingOneAndDependsOnlyOnTheSeed() {
    for (long seed = 0; seed < 50; seed++) {
      List<FaultKind> plan = FaultPlan.of(4, FaultPlan.Order.RANDOM, seed);
      assertThat(new HashSet<>(plan)).hasSize(4);
      assertThat(FaultPlan.of(4, FaultPlan.Order.RANDOM, seed)).isEqualTo(plan);
    }
    assertThat(FaultPlan.of(0, FaultPlan.Order.RANDOM, 3)).isEmpty();
  }
}

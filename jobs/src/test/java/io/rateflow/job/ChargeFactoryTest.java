package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.ids.StableIds;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Charge ids must be stable: consumers de-duplicate on them across replays and versions
 * (docs/ids.md).
 */
class ChargeFactoryTest {
  @Property(tries = 300)
  void chargeIdsAreTheStableIdsOfAccountEventAndLine(
      @ForAll String account, @ForAll String event, @ForAll @IntRange(max = 9) int line) {
    String id = ChargeFactory.chargeId(account, event, line);
    assertThat(id)
        .isEqualTo(StableIds.of("rateflow-charge", account, event, Integer.toString(line)));
    assertThat(UUID.fromString(id).version()).isEqualTo(8);
  }

  @Property(tries = 100)
  void linesOfOneEventHaveDistinctIds(@ForAll String account, @ForAll String event) {
    assertThat(ChargeFactory.chargeId(account, event, 0))
        .isNotEqualTo(ChargeFactory.chargeId(account, event, 1));
  }
}

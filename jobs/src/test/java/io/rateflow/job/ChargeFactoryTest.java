package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Charge ids must never change: consumers de-duplicate on them across replays and versions. */
class ChargeFactoryTest {
  @Property(tries = 300)
  void chargeIdsAreTheNameBasedUuidsOfAccountEventAndLine(@ForAll String account, @ForAll String event, @ForAll @IntRange(max = 9) int line) {
    String name = account + '\n' + event + '\n' + line;
    assertThat(ChargeFactory.chargeId(account, event, line))
        .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }
}

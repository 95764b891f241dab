package io.rateflow.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.schema.AvroCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakTrafficTest {
  private static final Instant START = Instant.parse("2026-12-01T06:00:00Z");

  @Test
  void theSameSeedGivesTheSameBytes() {
    SoakTraffic a = SoakTraffic.generate(42, 50, 2_000, START);
    SoakTraffic b = SoakTraffic.generate(42, 50, 2_000, START);
    assertThat(a.events()).hasSize(2_000);
    for (int i = 0; i < a.events().size(); i++) {
      assertThat(b.events().get(i).value()).isEqualTo(a.events().get(i).value());
    }
    assertThat(b.commands()).isEqualTo(a.commands());
    assertThat(b.accounts()).isEqualTo(a.accounts());
  }

  @Test
  void eventTimesNeverGoBackWithinAnAccountAndStayInTheWindow() {
    SoakTraffic t = SoakTraffic.generate(7, 50, 5_000, START);
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    Map<String, Instant> last = new HashMap<>();
    int decoded = 0;
    for (SoakTraffic.Record r : t.events()) {
      ActivityEvent e;
      try {
        e = codec.decode(r.value());
      } catch (Exception malformed) {
        continue;
      }
      decoded++;
      Instant previous = last.put(e.getAccountId(), e.getEventTime());
      assertThat(previous == null || !e.getEventTime().isBefore(previous))
          .as("%s at %s after %s", e.getEventId(), e.getEventTime(), previous)
          .isTrue();
      assertThat(e.getEventTime()).isBetween(START, START.plusSeconds(5 * 3600));
    }
    assertThat(decoded).isGreaterThan(4_900);
    assertThat(t.inputsByKind())
        .containsKeys("valid", "duplicate event id", "malformed bytes", "unknown account");
  }
}

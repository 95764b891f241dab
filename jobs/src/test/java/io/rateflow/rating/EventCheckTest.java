package io.rateflow.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks every event passes before rating, in the stream and in {@code rate}. */
class EventCheckTest {
  private final EventCheck check =
      new EventCheck(Duration.ofHours(1), new BigDecimal("1000000000"));
  private final Instant now = Instant.parse("2026-11-10T12:00:00Z");

  private Optional<EventCheck.Problem> check(String eventId, String accountId, String meter) {
    return check.check(eventId, accountId, meter, BigDecimal.ONE, now, now);
  }

  @Test
  void controlCharactersInIdsAreRefused() {
    for (String bad :
        List.of("e\u0000", "e\n1", "\u001b[31mred", "e\u007f", "e\u0085", "e\t1", "e\r")) {
      assertThat(check(bad, "A", "api_calls"))
          .as("event id %s", bad)
          .hasValueSatisfying(
              p -> {
                assertThat(p.reason()).isEqualTo(RejectReason.INVALID_EVENT);
                assertThat(p.message()).contains("event_id contains the control character U+");
                assertThat(p.message()).doesNotContain("\u0000", "\n", "\u001b");
              });
      assertThat(check("e1", bad, "api_calls"))
          .as("account id %s", bad)
          .hasValueSatisfying(
              p -> {
                assertThat(p.reason()).isEqualTo(RejectReason.INVALID_EVENT);
                assertThat(p.message()).contains("account_id contains the control character");
              });
      assertThat(check("e1", "A", bad))
          .as("meter %s", bad)
          .hasValueSatisfying(
              p -> assertThat(p.message()).contains("meter contains the control character"));
    }
    assertThat(check("e\u0000", "A", "api_calls").orElseThrow().message())
        .contains("U+0000 at position 2");
  }

  @Test
  void printableIdsPass() {
    assertThat(check("evt-1 é 日本", "acct_42/β", "api_calls")).isEmpty();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.account.AccountEngineTest;
import io.rateflow.account.PeriodChargesTest;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * The account operator charges period starts and closes minimums on event-time timers: when the
 * watermark passes a month's end, not before, exactly once, and still after a restore.
 */
class PeriodTimersTest {
  static final long NOW = 1_000L;

  @Test
  void theWatermarkPassingTheMonthsEndRollsSeatsAndFeesAndTrueUpsTheMinimumOnce() throws Exception {
    RatingConfig config =
        RatingConfig.defaults("unused:9092").toBuilder().ledgerEnabled(false).build();
    OperatorSubtaskState snapshot;
    try (AccountHarness h = new AccountHarness(config, NOW)) {
      h.rule(AccountEngineTest.rule(PeriodChargesTest.document("team-usd.yaml")));
      h.send("A", profile());
      h.send("A", seats("s1", "3", "2026-11-10T09:00:00Z")); // 63.00
      h.watermark("2026-11-30T23:59:59Z");
      assertThat(h.charges())
          .extracting(Charge::getChargeKind)
          .containsExactly("SUBSCRIPTION_FEE", "PRORATION");
      snapshot = h.harness.snapshot(1L, NOW);
    }
    try (AccountHarness h = new AccountHarness(config, NOW, snapshot)) {
      h.rule(AccountEngineTest.rule(PeriodChargesTest.document("team-usd.yaml")));
      h.watermark("2026-12-01T00:00:00Z");
      h.watermark("2026-12-02T00:00:00Z");
      assertThat(h.charges())
          .extracting(Charge::getEventId, Charge::getAmountMinor)
          .containsExactly(
              tuple("period:fee:platform@team-usd:2026-12", 10_000L),
              tuple("period:seats:2026-12", 9_000L),
              // 100 + 63 spent in November: 337 brings it to 500
              tuple("minimum:2026-11:close", 33_700L));
      assertThat(h.charges().get(1).getEventTime())
          .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }
  }

  private static AccountProfile profile() {
    return AccountProfile.newBuilder()
        .setAccountId("A")
        .setPlan("team")
        .setSegment("smb")
        .setCurrency("USD")
        .setStatus(AccountStatus.ACTIVE)
        .setTimeZone("UTC")
        .setEffectiveTime(Instant.parse("2026-11-01T00:00:00Z"))
        .build();
  }

  private static ActivityEvent seats(String id, String quantity, String time) {
    return ActivityEvent.newBuilder()
        .setEventId(id)
        .setAccountId("A")
        .setMeter("seats")
        .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
        .setEventTime(Instant.parse(time))
        .setAttributes(Map.of())
        .build();
  }
}

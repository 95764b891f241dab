package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.BalanceView;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Balance views once per account per checkpoint interval, the latest state, on the account
 * operator.
 */
class BalanceViewsTest {
  static final String T = "2026-11-10T10:00:00Z";

  /** On a tick of the default 10 s checkpoint interval, plus a little. */
  static final long NOW = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli() + 1_234;

  final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder().ledgerEnabled(false).build();
  final long interval = config.checkpointInterval().toMillis();
  final long tick = (NOW / interval + 1) * interval;
  AccountHarness h;

  @BeforeEach
  void open() throws Exception {
    h = new AccountHarness(config, NOW);
    h.rule(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1));
    h.profile("P", true);
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  @Test
  void aThousandBalanceChangesWithinAnIntervalRegisterOneTimerAndGiveOneViewTheLatest()
      throws Exception {
    h.topUp("t1", "P", 100_000, T);
    for (int i = 0; i < 1_000; i++) {
      h.event("e" + i, "P", "1", T); // 0.10 each after the first 100 at 0.10, then 0.05
    }
    assertThat(h.charges()).hasSize(1_000);
    assertThat(h.harness.numProcessingTimeTimers()).isEqualTo(1);
    assertThat(h.side(RatingPipeline.BALANCES)).isEmpty();

    h.harness.setProcessingTime(tick - 1);
    assertThat(h.side(RatingPipeline.BALANCES)).isEmpty();
    h.harness.setProcessingTime(tick);

    long charged = h.charges().stream().mapToLong(c -> c.getAmountMinor()).sum();
    assertThat(h.side(RatingPipeline.BALANCES))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getAccountId()).isEqualTo("P");
              assertThat(v.getPrepaidMinor()).isEqualTo(100_000 - charged);
            });
    assertThat(h.harness.numProcessingTimeTimers()).isZero();
    assertThat(h.processor().views().waiting()).isZero();
  }

  @Test
  void aChangeAfterTheTickGivesAnotherViewAtTheNextTick() throws Exception {
    h.topUp("t1", "P", 1_000, T);
    h.harness.setProcessingTime(tick);
    h.event("e1", "P", "10", T);
    h.harness.setProcessingTime(tick + interval - 1);
    assertThat(h.side(RatingPipeline.BALANCES))
        .extracting(BalanceView::getPrepaidMinor)
        .containsExactly(1_000L);
    h.harness.setProcessingTime(tick + interval);
    assertThat(h.side(RatingPipeline.BALANCES))
        .extracting(BalanceView::getPrepaidMinor)
        .containsExactly(1_000L, 900L);
  }

  @Test
  void triggersDoNotWaitForTheView() throws Exception {
    h.topUp("t1", "P", 1_000, T);
    h.event("e1", "P", "90", T); // 9.00 of 10.00: below 20 % of the last top-up
    assertThat(h.side(RatingPipeline.TRIGGERS))
        .extracting(t -> t.getKind())
        .contains("BELOW_PERCENT_OF_LAST_TOP_UP");
    assertThat(h.side(RatingPipeline.BALANCES)).isEmpty();
  }

  @Test
  void aViewDueAtACheckpointIsRebuiltFromTheStoredWalletAfterARestore() throws Exception {
    h.topUp("t1", "P", 1_000, T);
    h.event("e1", "P", "10", T);
    OperatorSubtaskState snapshot = h.harness.snapshot(1L, NOW);
    h.close();

    h = new AccountHarness(config, NOW, snapshot);
    assertThat(h.harness.numProcessingTimeTimers()).isEqualTo(1);
    h.harness.setProcessingTime(tick);
    assertThat(h.side(RatingPipeline.BALANCES))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getPrepaidMinor()).isEqualTo(900L);
              assertThat(v.getAsOf()).isEqualTo(Instant.parse(T));
            });
  }

  @Test
  void accountsWithoutAWalletHaveNoViewAndNoTimer() throws Exception {
    h.profile("A", false);
    h.event("e1", "A", "10", T);
    assertThat(h.harness.numProcessingTimeTimers()).isZero();
    h.harness.setProcessingTime(tick);
    assertThat(h.side(RatingPipeline.BALANCES)).isEmpty();
  }
}

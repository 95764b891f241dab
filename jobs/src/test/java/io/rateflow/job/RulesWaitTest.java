package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Start-up order in the account operator: with the wait on, no event or command is processed before
 * the rules input's catch-up marker, whatever rules are already there; a restored operator waits
 * again.
 */
class RulesWaitTest {
  static final long NOW = 1_000_000L;
  final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder()
          .pendingTimeout(Duration.ofSeconds(30))
          .build();
  KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> harness;
  long offset;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void eventsAndCommandsWaitForTheMarkerEvenPastThePendingTimeoutAndAreReleasedByIt()
      throws Exception {
    harness = open(null);
    rule(AccountProcessorTest.USD_V1);
    profile("A");
    event("e1", "10", "2026-11-16T00:00:00Z");
    send(
        "A",
        BalanceCommand.newBuilder()
            .setCommandId("t1")
            .setAccountId("A")
            .setType(BalanceCommandType.TOP_UP)
            .setAmountMinor(500)
            .setCurrency("USD")
            .setIssuedAt(Instant.parse("2026-11-16T00:00:00Z"))
            .build());
    // v2, already on the topic, arrives after the event and before the marker
    rule(AccountProcessorTest.USD_V2);
    // longer than the pending timeout: waiting for the rules has no timeout
    harness.setProcessingTime(NOW + 95_000);
    assertThat(charges()).isEmpty();
    assertThat(rejections()).isEmpty();
    assertThat(movements()).isEmpty();

    harness.processBroadcastElement(RulesCatchUp.markerRule(), 0L);

    // the command first, then the event, in arrival order; the event at v2's price
    assertThat(movements()).extracting(BalanceMovementRecord::getKind).first().isEqualTo("TOP_UP");
    assertThat(charges())
        .extracting(Charge::getEventId, Charge::getRuleVersion, Charge::getAmountMinor)
        .containsExactly(tuple("e1", 2L, 200L));
    // after the marker, events go straight through
    event("e2", "10", "2026-11-16T00:00:00Z");
    assertThat(charges()).hasSize(2);
  }

  @Test
  void anInputStillWaitingForSomethingElseAfterTheMarkerGetsAWholeTimeoutFromTheMarker()
      throws Exception {
    harness = open(null);
    rule(AccountProcessorTest.USD_V1);
    event("e1", "10", "2026-11-16T00:00:00Z"); // no profile yet
    harness.setProcessingTime(NOW + 60_000);
    harness.processBroadcastElement(RulesCatchUp.markerRule(), 0L);
    assertThat(rejections()).isEmpty();

    harness.setProcessingTime(NOW + 60_000 + 29_000);
    assertThat(rejections()).isEmpty();
    harness.setProcessingTime(NOW + 60_000 + 32_000);
    assertThat(rejections())
        .extracting(RejectedEvent::getEventId, RejectedEvent::getReasonCode)
        .containsExactly(tuple("e1", "UNKNOWN_ACCOUNT"));
  }

  @Test
  void profilesAndEstimatesDoNotWait() throws Exception {
    harness = open(null);
    rule(AccountProcessorTest.USD_V1);
    profile("A");
    send(
        "A",
        io.rateflow.avro.EstimateRequest.newBuilder()
            .setRequestId("q1")
            .setAccountId("A")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal("10").setScale(6))
            .setAttributes(Map.of())
            .setRequestedAt(Instant.ofEpochMilli(NOW))
            .build());
    // answered at once, from the profile it was sent after (1970 has no price in force: an error,
    // not a wait)
    var estimates = harness.getSideOutput(RatingPipeline.ESTIMATES);
    assertThat(estimates).hasSize(1);
    assertThat(estimates.peek().getValue().getError()).startsWith("no price in force");
  }

  @Test
  void aRestoredOperatorWaitsForTheMarkerAgainWithTheRulesAndProfilesItRestored() throws Exception {
    harness = open(null);
    rule(AccountProcessorTest.USD_V1);
    profile("A");
    harness.processBroadcastElement(RulesCatchUp.markerRule(), 0L);
    event("e1", "10", "2026-11-16T00:00:00Z");
    event("e2", "10", "2026-11-16T00:00:01Z");
    assertThat(charges()).extracting(Charge::getRuleVersion).containsExactly(1L, 1L);
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
    harness.close();

    harness = open(snapshot);
    event("e3", "10", "2026-11-16T00:00:02Z");
    assertThat(charges()).isEmpty();
    rule(AccountProcessorTest.USD_V2); // published while the job was down
    harness.processBroadcastElement(RulesCatchUp.markerRule(), 0L);
    // usage 20 before it: 10 more at v2's 0.20 in the first tier
    assertThat(charges())
        .extracting(Charge::getEventId, Charge::getRuleVersion, Charge::getAmountMinor)
        .containsExactly(tuple("e3", 2L, 200L));
  }

  @Test
  void withoutTheWaitNothingWaitsForAMarker() throws Exception {
    harness = ProcessFunctionHarness.of(new AccountProcessor(config));
    harness.setProcessingTime(NOW);
    rule(AccountProcessorTest.USD_V1);
    profile("A");
    event("e1", "10", "2026-11-16T00:00:00Z");
    assertThat(charges()).hasSize(1);
  }

  // ------------------------------------------------------------------ helpers

  /** On RocksDB, as in production; restored from {@code snapshot} if given. */
  private KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> open(
      OperatorSubtaskState snapshot) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge>(
            new CoBroadcastWithKeyedOperator<>(
                new AccountProcessor(config, config.triggerPolicy(), true),
                List.of(AccountProcessor.RULES)),
            Inbound::getAccountId,
            Types.STRING,
            128,
            1,
            0);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    if (snapshot != null) {
      h.initializeState(snapshot);
    }
    h.open();
    h.setProcessingTime(NOW);
    return h;
  }

  /** The plain harness, without the wait. */
  private static final class ProcessFunctionHarness {
    static KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> of(
        AccountProcessor p) throws Exception {
      return org.apache.flink.streaming.util.ProcessFunctionTestHarnesses
          .forKeyedBroadcastProcessFunction(
              p, Inbound::getAccountId, Types.STRING, AccountProcessor.RULES);
    }
  }

  private void rule(String document) throws Exception {
    long version =
        Long.parseLong(
            document
                .lines()
                .filter(l -> l.startsWith("version:"))
                .findFirst()
                .orElseThrow()
                .substring(8)
                .trim());
    harness.processBroadcastElement(DecoderTest.rule("usd", version, document), 0L);
  }

  private void profile(String account) throws Exception {
    send(
        account,
        AccountProfile.newBuilder()
            .setAccountId(account)
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setEffectiveTime(Instant.EPOCH)
            .build());
  }

  private void event(String id, String quantity, String time) throws Exception {
    send(
        "A",
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId("A")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .build());
  }

  private void send(String account, Object payload) throws Exception {
    harness.processElement(AccountHarness.inbound(account, payload, offset++), 0L);
  }

  private List<Charge> charges() {
    return harness.extractOutputValues();
  }

  private List<RejectedEvent> rejections() {
    var side = harness.getSideOutput(RatingPipeline.REJECTED);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private List<BalanceMovementRecord> movements() {
    var side = harness.getSideOutput(RatingPipeline.MOVEMENTS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyed rating operator on Flink's harness: ordering between rules, profiles and events. */
class AccountProcessorTest {
  static final String USD_V1 =
      """
      id: usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: graduated
            tiers:
              - up_to: 100
                unit_price: 0.10
              - unit_price: 0.05
      """;
  static final String USD_V2 =
      USD_V1
          .replace("version: 1", "version: 2")
          .replace("2026-01-01T00:00:00Z", "2026-11-15T00:00:00Z")
          .replace("unit_price: 0.10", "unit_price: 0.20");
  static final String USD_2027 =
      USD_V1
          .replace("version: 1", "version: 3")
          .replace("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")
          .replace("unit_price: 0.10", "unit_price: 0.30");

  final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder()
          .pendingTimeout(Duration.ofSeconds(30))
          .maxPendingPerAccount(3)
          .build();
  KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> harness;
  long offset;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new AccountProcessor(config),
            Inbound::getAccountId,
            Types.STRING,
            AccountProcessor.RULES);
    harness.setProcessingTime(1_000_000L);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void anEventThatArrivesBeforeItsRuleWaitsAndIsPricedWhenTheRuleArrives() throws Exception {
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "30", "2026-11-10T00:00:00Z");
    assertThat(charges()).isEmpty();
    assertThat(rejections()).isEmpty();

    rule(USD_V1);

    assertThat(charges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getEventId()).isEqualTo("e1");
              assertThat(c.getAmountMinor()).isEqualTo(300L);
              assertThat(c.getRuleSetId()).isEqualTo("usd");
            });
  }

  @Test
  void anEventThatArrivesBeforeItsProfileIsPricedWhenTheProfileArrives() throws Exception {
    rule(USD_V1);
    event("e1", "A", "30", "2026-11-10T00:00:00Z");
    assertThat(charges()).isEmpty();
    profile("A", AccountStatus.ACTIVE);
    assertThat(charges()).extracting(Charge::getAmountMinor).containsExactly(300L);
  }

  @Test
  void aVersionChangeBetweenTwoEventsPricesEachByTheVersionInForceAtItsEventTime()
      throws Exception {
    rule(USD_V1);
    rule(USD_V2);
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "10", "2026-11-14T23:59:59Z");
    event("e2", "A", "10", "2026-11-15T00:00:00Z");
    // a late event of the 12th, after the switch, still gets the older version
    event("e3", "A", "10", "2026-11-12T00:00:00Z");

    assertThat(charges())
        .extracting(Charge::getEventId, Charge::getRuleVersion, Charge::getAmountMinor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("e1", 1L, 100L),
            org.assertj.core.groups.Tuple.tuple("e2", 2L, 200L),
            org.assertj.core.groups.Tuple.tuple("e3", 1L, 100L));
  }

  @Test
  void aVersionPublishedAheadOfTimeTakesEffectExactlyAtItsEffectiveFrom() throws Exception {
    rule(USD_V1);
    rule(USD_2027);
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "1", "2026-12-31T23:59:59.999Z");
    event("e2", "A", "1", "2027-01-01T00:00:00Z");
    assertThat(charges()).extracting(Charge::getRuleVersion).containsExactly(1L, 3L);
    assertThat(charges()).extracting(Charge::getAmountMinor).containsExactly(10L, 30L);
  }

  @Test
  void aProfileChangeTakesEffectOnTheNextEvent() throws Exception {
    rule(USD_V1);
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "1", "2026-11-10T00:00:00Z");
    profile("A", AccountStatus.SUSPENDED);
    event("e2", "A", "1", "2026-11-10T00:00:00Z");
    profile("A", AccountStatus.ACTIVE);
    event("e3", "A", "1", "2026-11-10T00:00:00Z");
    assertThat(charges()).extracting(Charge::getEventId).containsExactly("e1", "e3");
    assertThat(rejections())
        .extracting(RejectedEvent::getEventId, RejectedEvent::getReasonCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e2", "ACCOUNT_SUSPENDED"));
  }

  @Test
  void aRetriedEventIdIsRejectedAsDuplicateAndNeverChargedTwice() throws Exception {
    rule(USD_V1);
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "5", "2026-11-10T00:00:00Z");
    event("e1", "A", "5", "2026-11-10T00:00:00Z");
    assertThat(charges()).hasSize(1);
    assertThat(rejections()).extracting(RejectedEvent::getReasonCode).containsExactly("DUPLICATE");
  }

  @Test
  void suspendedAndClosedAccountsAreRejectedWithTheirStatus() throws Exception {
    rule(USD_V1);
    profile("S", AccountStatus.SUSPENDED);
    profile("C", AccountStatus.CLOSED);
    event("e1", "S", "5", "2026-11-10T00:00:00Z");
    event("e2", "C", "5", "2026-11-10T00:00:00Z");
    assertThat(charges()).isEmpty();
    assertThat(rejections())
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly("ACCOUNT_SUSPENDED", "ACCOUNT_CLOSED");
  }

  @Test
  void aHeldEventIsRejectedWithWhatItWaitedForAfterThePendingTimeoutAndItsStateIsCleaned()
      throws Exception {
    rule(USD_V1);
    event("e1", "ghost", "5", "2026-11-10T00:00:00Z");
    profile("A", AccountStatus.ACTIVE);
    event("e2", "A", "5", "2026-11-10T00:00:00Z");
    event("e3", "A", "5", "2026-11-10T00:00:00Z");
    harness.setProcessingTime(1_000_000L + 29_000L);
    assertThat(rejections()).isEmpty();

    harness.setProcessingTime(1_000_000L + 31_000L);

    assertThat(rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("UNKNOWN_ACCOUNT");
              assertThat(r.getEventId()).isEqualTo("e1");
              assertThat(r.getMessage()).contains("ghost").contains("pending.timeout");
              assertThat(r.getPayload()).isNotNull();
            });
    // nothing stays held: later timers and rules find nothing to reject or release twice
    harness.setProcessingTime(1_000_000L + 120_000L);
    rule(USD_V2);
    assertThat(rejections()).hasSize(1);
    assertThat(charges()).extracting(Charge::getEventId).containsExactly("e2", "e3");
  }

  @Test
  void anUnknownMeterIsRejectedAsSuchAfterTheTimeout() throws Exception {
    rule(USD_V1);
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "5", "2026-11-10T00:00:00Z", "teleport");
    harness.setProcessingTime(1_000_000L + 31_000L);
    assertThat(rejections())
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly("UNKNOWN_METER");
  }

  @Test
  void tooManyHeldEventsOfOneAccountOverflowWithAReason() throws Exception {
    for (int i = 0; i < 4; i++) {
      event("e" + i, "A", "1", "2026-11-10T00:00:00Z");
    }
    assertThat(rejections())
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly("PENDING_OVERFLOW");
  }

  @Test
  void anEventOlderThanTheAllowedLatenessBehindTheWatermarkIsRejectedAsTooLate() throws Exception {
    rule(USD_V1);
    profile("A", AccountStatus.ACTIVE);
    long now = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    harness.processWatermark(new Watermark(now));
    harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    event("e1", "A", "1", "2026-11-16T00:00:00Z");
    event("e2", "A", "1", "2026-11-18T00:00:00Z");
    assertThat(rejections())
        .extracting(RejectedEvent::getEventId, RejectedEvent::getReasonCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e1", "TOO_LATE"));
    assertThat(charges()).extracting(Charge::getEventId).containsExactly("e2");
  }

  @Test
  void republishingAVersionWithDifferentContentIsRejectedAndTheOriginalStaysInForce()
      throws Exception {
    rule(USD_V1);
    rule(USD_V1.replace("unit_price: 0.10", "unit_price: 9.99"));
    profile("A", AccountStatus.ACTIVE);
    event("e1", "A", "1", "2026-11-10T00:00:00Z");
    assertThat(charges()).extracting(Charge::getAmountMinor).containsExactly(10L);
    List<RejectedRule> rejected =
        harness.getSideOutput(RatingPipeline.REJECTED_RULES).stream()
            .map(StreamRecord::getValue)
            .toList();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getProblems().get(0))
                    .contains("already published with different content"));
  }

  // ------------------------------------------------------------------ helpers

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
    String from =
        document
            .lines()
            .filter(l -> l.startsWith("effective_from:"))
            .findFirst()
            .orElseThrow()
            .substring(15)
            .trim();
    harness.processBroadcastElement(
        PricingRule.newBuilder()
            .setKind(RuleKind.PRICING)
            .setRuleSetId("usd")
            .setVersion(version)
            .setEffectiveFrom(Instant.parse(from))
            .setDocument(document)
            .setSourceName("usd.yaml")
            .setPublishedAt(Instant.EPOCH)
            .setPublishedBy("test")
            .build(),
        0L);
  }

  private void profile(String account, AccountStatus status) throws Exception {
    AccountProfile p =
        AccountProfile.newBuilder()
            .setAccountId(account)
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(status)
            .setTimeZone("UTC")
            .setEffectiveTime(Instant.EPOCH)
            .build();
    harness.processElement(inbound(account, p), 0L);
  }

  private Inbound event(String id, String account, String quantity, String time) throws Exception {
    return event(id, account, quantity, time, "api_calls");
  }

  private Inbound event(String id, String account, String quantity, String time, String meter)
      throws Exception {
    ActivityEvent e =
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId(account)
            .setMeter(meter)
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .build();
    Inbound in = inbound(account, e);
    harness.processElement(in, Instant.parse(time).toEpochMilli());
    return in;
  }

  private Inbound inbound(String account, Object payload) {
    return AccountHarness.inbound(account, payload, offset++);
  }

  private List<Charge> charges() {
    return harness.extractOutputValues();
  }

  private List<RejectedEvent> rejections() {
    var side = harness.getSideOutput(RatingPipeline.REJECTED);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The account operator's metrics on Flink's harness: each compared with the outputs it counts. */
class AccountProcessorMetricsTest {
  static final long NOW = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
  static final String T = "2026-11-10T10:00:00Z";

  final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder()
          .pendingTimeout(Duration.ofSeconds(30))
          .build();
  AccountProcessor processor;
  KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> harness;
  long offset;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void heldEventsRisesWhileInputsWaitAndFallsWhenTheyAreReleasedOrExpire() throws Exception {
    start(null);
    event("a1", "A", "10");
    event("a2", "A", "10");
    event("b1", "B", "10");
    assertThat(processor.metrics().heldNow()).isEqualTo(3);

    profile("A", false);
    assertThat(charges()).extracting(Charge::getEventId).containsExactly("a1", "a2");
    assertThat(processor.metrics().heldNow()).isEqualTo(1);

    harness.setProcessingTime(NOW + Duration.ofSeconds(31).toMillis());
    assertThat(side(RatingPipeline.REJECTED))
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly("UNKNOWN_ACCOUNT");
    assertThat(processor.metrics().heldNow()).isZero();
    assertThat(processor.metrics().held.getCount()).as("times held").isEqualTo(3);
    assertThat(processor.metrics().rated.getCount()).isEqualTo(2);
    assertThat(processor.metrics().rejected.getCount()).isEqualTo(1);
  }

  @Test
  void afterARestoreTheHeldCountIsRecountedWhenTheBroadcastSideWalksTheHeldInputs()
      throws Exception {
    start(null);
    event("a1", "A", "10");
    event("b1", "B", "10");
    OperatorSubtaskState snapshot = harness.snapshot(1L, NOW);
    harness.close();

    start(snapshot);
    assertThat(processor.metrics().heldNow()).as("unknown until walked").isZero();
    harness.processBroadcastElement(
        DecoderTest.rule(
            "eur",
            1,
            AccountProcessorTest.USD_V1
                .replace("id: usd", "id: eur")
                .replace("currency: USD", "currency: EUR")),
        0L);
    assertThat(processor.metrics().heldNow()).isEqualTo(2);
  }

  @Test
  void commandOutcomesChargesPerCurrencyAndTriggersAreCountedAsTheyAreEmitted() throws Exception {
    start(null);
    profile("P", true);
    command("t1", "P", "USD"); // applied
    command("t2", "P", "EUR"); // refused by the wallet: another currency
    command("z1", "Z", "USD"); // waits for Z's profile...
    profile("Z", false); // ...and is applied when it arrives
    command("y1", "Y", "USD"); // waits for a profile that never comes
    event("e1", "P", "50");
    event("e2", "P", "40");
    event("e3", "P", "30"); // beyond the credit: part of it EXCEEDS_LIMIT
    harness.setProcessingTime(NOW + Duration.ofSeconds(31).toMillis());

    AccountMetrics m = processor.metrics();
    assertThat(m.commandsApplied.getCount()).isEqualTo(2);
    Map<String, Long> commandRejections =
        side(RatingPipeline.REJECTED).stream()
            .filter(r -> List.of("t2", "y1").contains(r.getEventId()))
            .collect(Collectors.groupingBy(RejectedEvent::getReasonCode, Collectors.counting()));
    assertThat(commandRejections.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    assertThat(commandRejections).containsEntry("UNKNOWN_ACCOUNT", 1L);
    commandRejections.forEach(
        (reason, n) -> assertThat(m.commandsRejected.count(reason)).as(reason).isEqualTo(n));

    List<Charge> charges = charges();
    assertThat(charges).hasSizeGreaterThan(3);
    long charged = charges.stream().mapToLong(Charge::getAmountMinor).filter(a -> a > 0).sum();
    assertThat(m.currencyCount("USD", RatingMetrics.CHARGE_LINES)).isEqualTo(charges.size());
    assertThat(m.currencyCount("USD", RatingMetrics.AMOUNT_CHARGED_MINOR))
        .isEqualTo(charged)
        .isEqualTo(1100L); // 90 × 0.10, then 10 × 0.10 + 20 × 0.05
    assertThat(m.currencyCount("EUR", RatingMetrics.CHARGE_LINES)).isZero();

    Map<String, Long> kinds =
        side(RatingPipeline.TRIGGERS).stream()
            .collect(Collectors.groupingBy(PromotionTriggerRecord::getKind, Collectors.counting()));
    assertThat(kinds).containsKey("EXHAUSTED");
    kinds.forEach((kind, n) -> assertThat(m.triggers.count(kind)).as(kind).isEqualTo(n));
  }

  @Test
  void eventTimeLagIsHowFarBehindItsEventTimeTheLastEventWasProcessed() throws Exception {
    start(null);
    profile("A", false);
    event("a1", "A", "1");
    assertThat(processor.metrics().eventTimeLag()).isEqualTo(NOW - Instant.parse(T).toEpochMilli());
  }

  @Test
  void theRuleVersionInForceFollowsEffectiveTimesAndTheCountFollowsEviction() throws Exception {
    start(null);
    harness.processBroadcastElement(DecoderTest.rule("usd", 3, AccountProcessorTest.USD_2027), 0L);
    RuleVersionGauges rules = processor.metrics().rules;
    assertThat(rules.known()).isEqualTo(2);
    assertThat(rules.inForce("usd", Instant.parse("2025-06-01T00:00:00Z"))).isZero();
    assertThat(rules.inForce("usd", Instant.parse("2026-06-01T00:00:00Z"))).isEqualTo(1);
    assertThat(rules.inForce("usd", Instant.parse("2027-02-01T00:00:00Z"))).isEqualTo(3);
    assertThat(rules.inForce("other", Instant.parse("2027-02-01T00:00:00Z"))).isZero();
  }

  // ------------------------------------------------------------------ helpers

  private void start(OperatorSubtaskState snapshot) throws Exception {
    processor = new AccountProcessor(config);
    harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(processor, List.of(AccountProcessor.RULES)),
            Inbound::getAccountId,
            Types.STRING,
            128,
            1,
            0);
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    harness.setProcessingTime(NOW);
    if (snapshot == null) {
      harness.processBroadcastElement(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1), 0L);
    }
  }

  private void profile(String account, boolean prepaid) throws Exception {
    send(
        account,
        AccountProfile.newBuilder()
            .setAccountId(account)
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setPrepaidOnly(prepaid)
            .setEffectiveTime(Instant.EPOCH)
            .build());
  }

  private void command(String id, String account, String currency) throws Exception {
    send(
        account,
        BalanceCommand.newBuilder()
            .setCommandId(id)
            .setAccountId(account)
            .setType(BalanceCommandType.TOP_UP)
            .setAmountMinor(1000)
            .setCurrency(currency)
            .setIssuedAt(Instant.parse(T))
            .build());
  }

  private void event(String id, String account, String quantity) throws Exception {
    send(
        account,
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId(account)
            .setMeter("api_calls")
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(T))
            .setAttributes(Map.of())
            .build());
  }

  private void send(String account, Object payload) throws Exception {
    harness.processElement(AccountHarness.inbound(account, payload, offset++), 0L);
  }

  private List<Charge> charges() {
    return harness.extractOutputValues();
  }

  private <X> List<X> side(OutputTag<X> tag) {
    var out = harness.getSideOutput(tag);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }
}

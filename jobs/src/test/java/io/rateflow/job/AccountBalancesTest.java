package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.FundingPart;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RuleKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Balances in the rating operator: funding lines, commands, triggers, promotions, expiry,
 * estimates.
 */
class AccountBalancesTest {
  static final long NOW = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
  static final String T = "2026-11-10T10:00:00Z";

  final RatingConfig config = RatingConfig.defaults("unused:9092");
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
    harness.setProcessingTime(NOW);
    harness.processBroadcastElement(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1), 0L);
    harness.processBroadcastElement(
        DecoderTest.rule(
            "eur",
            1,
            AccountProcessorTest.USD_V1
                .replace("id: usd", "id: eur")
                .replace("currency: USD", "currency: EUR")),
        0L);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aPrepaidAccountPaysFromItsCreditWarnsOnceWhenLowAndFlagsWhatItCannotCover()
      throws Exception {
    profile("P", "USD", true);
    command("t1", "P", BalanceCommandType.TOP_UP, 1000, "USD");
    event("e1", "P", "50"); // 5.00, credit 10.00 -> 5.00
    event("e2", "P", "40"); // 4.00, credit -> 1.00: below 20 % of the last top-up
    event("e3", "P", "5"); // 0.50, credit -> 0.50: still low, no second trigger
    event(
        "e4", "P",
        "10"); // at usage 95: 5 × 0.10 + 5 × 0.05 = 0.75: 0.50 from credit, 0.25 beyond the limit

    assertThat(charges())
        .extracting(
            Charge::getEventId,
            Charge::getFundingSource,
            Charge::getFundingGrantId,
            Charge::getAmountMinor,
            Charge::getStatus)
        .containsExactly(
            tuple("e1", "PREPAID", "t1", 500L, "BILLED"),
            tuple("e2", "PREPAID", "t1", 400L, "BILLED"),
            tuple("e3", "PREPAID", "t1", 50L, "BILLED"),
            tuple("e4", "PREPAID", "t1", 50L, "BILLED"),
            tuple("e4", "ON_ACCOUNT", null, 25L, "EXCEEDS_LIMIT"));
    assertThat(charges()).extracting(Charge::getChargeId).doesNotHaveDuplicates();
    List<String> kinds =
        side(RatingPipeline.TRIGGERS).stream().map(PromotionTriggerRecord::getKind).toList();
    assertThat(kinds).containsOnlyOnce("BELOW_PERCENT_OF_LAST_TOP_UP", "EXHAUSTED");
    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind, BalanceMovementRecord::getAmountMinor)
        .startsWith(tuple("TOP_UP", 1000L), tuple("USAGE", -500L));
    // the view waits for the next checkpoint tick, and is then the latest state: one for all four
    // changes
    assertThat(side(RatingPipeline.BALANCES)).isEmpty();
    harness.setProcessingTime(NOW + config.checkpointInterval().toMillis());
    assertThat(side(RatingPipeline.BALANCES))
        .singleElement()
        .satisfies(last -> assertThat(last.getPrepaidMinor()).isZero());

    // a top-up (which first settles the 0.25 owed) clears the low-balance condition and re-arms it:
    // the next crossing fires again. 9.75 - 160 × 0.05 = 1.75 < 20 % of 10.00
    command("t2", "P", BalanceCommandType.TOP_UP, 1000, "USD");
    event("e5", "P", "160");
    long lowBalance =
        side(RatingPipeline.TRIGGERS).stream()
            .filter(t -> t.getKind().equals("BELOW_PERCENT_OF_LAST_TOP_UP"))
            .count();
    assertThat(lowBalance).isEqualTo(2);
  }

  @Test
  void anIncludedAllowanceCoversItsUnitsFirstAndTheRestIsBilledOnAccount() throws Exception {
    profile("A", "USD", false);
    BalanceCommand allowance = cmd("g1", "A", BalanceCommandType.GRANT, 0, "");
    allowance.setGrantKind(BalanceGrantKind.ALLOWANCE);
    allowance.setMeter("api_calls");
    allowance.setUnits("100");
    send("A", allowance);
    event("e1", "A", "150"); // P(150) = 10.00 + 2.50; the allowance covers 100 of 150 units

    assertThat(charges())
        .extracting(Charge::getFundingSource, Charge::getAmountMinor)
        .containsExactly(tuple("ALLOWANCE", 833L), tuple("ON_ACCOUNT", 417L));
    assertThat(side(RatingPipeline.TRIGGERS))
        .extracting(PromotionTriggerRecord::getConditionKey)
        .contains(
            "allowance-used:api_calls:50",
            "allowance-used:api_calls:80",
            "allowance-used:api_calls:100");
  }

  @Test
  void aFreeUsageOfAnAccountWithBalancesIsStillRatedAsAZeroCharge() throws Exception {
    profile("P", "USD", true);
    command("t1", "P", BalanceCommandType.TOP_UP, 1000, "USD");
    event("e1", "P", "0");
    assertThat(charges())
        .extracting(Charge::getEventId, Charge::getAmountMinor)
        .containsExactly(tuple("e1", 0L));
  }

  @Test
  void theProfilesCreditLimitIsTheOverdraftAPrepaidAccountStartsWith() throws Exception {
    send(
        "L",
        AccountProfile.newBuilder()
            .setAccountId("L")
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setPrepaidOnly(true)
            .setCreditLimitMinor(300L)
            .setEffectiveTime(Instant.EPOCH)
            .build());
    event("e1", "L", "20"); // 2.00 within the 3.00 overdraft
    event("e2", "L", "20"); // 2.00 more: 1.00 within, 1.00 beyond
    assertThat(charges())
        .extracting(Charge::getEventId, Charge::getAmountMinor, Charge::getStatus)
        .containsExactly(tuple("e1", 200L, "BILLED"), tuple("e2", 200L, "EXCEEDS_LIMIT"));
  }

  @Test
  void anAccountWithoutBalancesIsBilledOnAccountWithoutAWallet() throws Exception {
    profile("A", "USD", false);
    event("e1", "A", "10");
    assertThat(charges())
        .extracting(Charge::getFundingSource, Charge::getAmountMinor)
        .containsExactly(tuple("ON_ACCOUNT", 100L));
    harness.setProcessingTime(NOW + config.checkpointInterval().toMillis());
    assertThat(side(RatingPipeline.BALANCES)).isEmpty();
  }

  @Test
  void anEstimateAnswersWithTheTierPositionAndBalancesAndChangesNothing() throws Exception {
    profile("A", "USD", true);
    command("t1", "A", BalanceCommandType.TOP_UP, 500, "USD");
    event("e1", "A", "95"); // 9.50 from 5.00 credit: 4.50 beyond the limit
    send(
        "A",
        EstimateRequest.newBuilder()
            .setRequestId("q1")
            .setAccountId("A")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal("10").setScale(6))
            .setAttributes(Map.of())
            .setRequestedAt(Instant.ofEpochMilli(NOW))
            .build());
    event("e2", "A", "10");

    EstimateResponse answer = side(RatingPipeline.ESTIMATES).get(0);
    // at usage 95, 10 more cost 5 × 0.10 + 5 × 0.05 = 0.75, all beyond the (empty) prepaid credit
    assertThat(answer.getAmountMinor()).isEqualTo(75L);
    assertThat(answer.getFunding())
        .extracting(FundingPart::getSource, FundingPart::getAmountMinor)
        .containsExactly(tuple("ON_ACCOUNT", 75L));
    assertThat(answer.getExceedsLimit()).isTrue();
    assertThat(answer.getError()).isNull();
    // the event after the estimate is priced from the same position: the estimate moved nothing
    assertThat(charges())
        .filteredOn(c -> c.getEventId().equals("e2"))
        .extracting(Charge::getAmountMinor)
        .containsExactly(75L);
  }

  @Test
  void badCommandsAreRejectedWithTheWalletsReasonAndADuplicateAppliesOnce() throws Exception {
    profile("A", "USD", false);
    command("t1", "A", BalanceCommandType.TOP_UP, 1000, "USD");
    command("t1", "A", BalanceCommandType.TOP_UP, 1000, "USD");
    command("t2", "A", BalanceCommandType.TOP_UP, -5, "USD");
    command("t3", "A", BalanceCommandType.TOP_UP, 100, "EUR");
    command("t4", "ghost", BalanceCommandType.TOP_UP, 100, "USD");
    harness.setProcessingTime(NOW + 31_000);

    assertThat(side(RatingPipeline.REJECTED))
        .extracting(RejectedEvent::getEventId, RejectedEvent::getReasonCode)
        .containsExactly(
            tuple("t1", "DUPLICATE_COMMAND"),
            tuple("t2", "BAD_AMOUNT"),
            tuple("t3", "CURRENCY_MISMATCH"),
            tuple("t4", "UNKNOWN_ACCOUNT"));
    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind)
        .containsExactly("TOP_UP");
  }

  @Test
  void anUnusedGrantExpiresOnItsTimerWithABreakageMovement() throws Exception {
    profile("A", "USD", false);
    BalanceCommand grant = cmd("g1", "A", BalanceCommandType.GRANT, 300, "USD");
    grant.setGrantKind(BalanceGrantKind.PROMOTIONAL);
    grant.setExpiry(Instant.ofEpochMilli(NOW + 3_600_000));
    send("A", grant);
    event("e1", "A", "10"); // 1.00 from the promotional credit

    harness.setProcessingTime(NOW + 3_600_000);

    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind, BalanceMovementRecord::getAmountMinor)
        .containsExactly(tuple("GRANT", 300L), tuple("USAGE", -100L), tuple("EXPIRY", -200L));
  }

  @Test
  void aTopUpPromotionGrantsItsBonusCreditExactlyOnce() throws Exception {
    harness.processBroadcastElement(
        PricingRule.newBuilder()
            .setKind(RuleKind.PROMOTION)
            .setRuleSetId("top-up-bonus")
            .setVersion(1)
            .setEffectiveFrom(Instant.EPOCH)
            .setSourceName("top-up-bonus.yaml")
            .setDocument(Files.readString(promotions().resolve("top-up-bonus.yaml")))
            .setPublishedAt(Instant.EPOCH)
            .setPublishedBy("t")
            .build(),
        0L);
    profile("E", "EUR", false);
    command("t1", "E", BalanceCommandType.TOP_UP, 6000, "EUR"); // 60.00 EUR: 10 % bonus
    command("t1", "E", BalanceCommandType.TOP_UP, 6000, "EUR"); // redelivered: no second bonus

    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(
            BalanceMovementRecord::getKind,
            BalanceMovementRecord::getAmountMinor,
            BalanceMovementRecord::getGrantKind)
        .containsExactly(tuple("TOP_UP", 6000L, "PREPAID"), tuple("GRANT", 600L, "PROMOTIONAL"));
    assertThat(side(RatingPipeline.TRIGGERS))
        .extracting(PromotionTriggerRecord::getKind)
        .containsOnlyOnce("PROMOTION_GRANT");
  }

  @Test
  void creditGrantedByAnEventReleasedFromTheBroadcastSideStillExpiresOnAnIdleAccount()
      throws Exception {
    promotion(
        "welcome-sms",
        """
        promotions:
          - id: welcome-sms
            when: first-use
            meter: sms
            currency: USD
            grant:
              amountMinor: 300
              expiresAfter: P1D
        """);
    profile("I", "USD", false);
    event("e1", "I", "10", "sms"); // no rule prices sms yet: held
    assertThat(charges()).isEmpty();
    // the rule arrives: the event is rated from the broadcast side and earns the welcome credit
    harness.processBroadcastElement(
        DecoderTest.rule(
            "sms",
            1,
            AccountProcessorTest.USD_V1.replace("id: usd", "id: sms").replace("api_calls", "sms")),
        0L);
    assertThat(charges()).extracting(Charge::getEventId).containsExactly("e1");
    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind)
        .containsExactly("GRANT");

    // the account receives nothing else; the credit still lapses a day after the first use
    long expiry = Instant.parse(T).plus(java.time.Duration.ofDays(1)).toEpochMilli();
    harness.setProcessingTime(NOW + 60_000);
    harness.setProcessingTime(expiry - 1);
    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind)
        .containsExactly("GRANT");
    harness.setProcessingTime(expiry);
    assertThat(side(RatingPipeline.MOVEMENTS))
        .extracting(BalanceMovementRecord::getKind, BalanceMovementRecord::getAmountMinor)
        .containsExactly(tuple("GRANT", 300L), tuple("EXPIRY", -300L));
  }

  @Test
  void onAnniversaryBillingAUsagePromotionFiresOncePerBillingPeriodEvenTwiceInOneCalendarMonth()
      throws Exception {
    promotion(
        "heavy-sms",
        """
        promotions:
          - id: heavy-sms
            when: usage-above
            meter: sms
            threshold: 100
            currency: USD
            grant:
              amountMinor: 100
        """);
    harness.processBroadcastElement(
        DecoderTest.rule(
            "sms",
            1,
            AccountProcessorTest.USD_V1
                .replace("id: usd", "id: sms")
                .replace("api_calls", "sms")
                .replace(
                    "aggregation: sum",
                    "aggregation: sum\n    period: {type: anniversary, anchor_day: 15}")),
        0L);
    profile("N", "USD", false);
    // period 15 Oct - 15 Nov: crosses 100 on the 5th; period 15 Nov - 15 Dec: crosses again on the
    // 20th
    event("e1", "N", "150", "sms", "2026-11-05T10:00:00Z");
    event("e2", "N", "150", "sms", "2026-11-20T10:00:00Z");
    // a third crossing-sized usage in the second period fires nothing: it is no crossing
    event("e3", "N", "150", "sms", "2026-11-21T10:00:00Z");

    assertThat(side(RatingPipeline.TRIGGERS))
        .filteredOn(t -> t.getKind().equals("PROMOTION_GRANT"))
        .hasSize(2);
    assertThat(side(RatingPipeline.MOVEMENTS))
        .filteredOn(m -> m.getKind().equals("GRANT"))
        .extracting(BalanceMovementRecord::getAmountMinor)
        .containsExactly(100L, 100L);
    assertThat(side(RatingPipeline.REJECTED)).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  @Test
  void aRestoredOperatorContinuesFromTheStateNotFromAnythingItHeldInMemory() throws Exception {
    harness.close();
    harness = restorable(null);
    profile("P", "USD", true);
    command("t1", "P", BalanceCommandType.TOP_UP, 1000, "USD");
    event("e1", "P", "85"); // 8.50 from 10.00: 1.50 left, below 20 % of the top-up: one trigger
    assertThat(side(RatingPipeline.TRIGGERS))
        .extracting(PromotionTriggerRecord::getKind)
        .containsOnlyOnce("BELOW_PERCENT_OF_LAST_TOP_UP");
    var snapshot = harness.snapshot(1L, NOW);
    harness.close();

    // a new instance: whatever the old one kept in memory is gone; RocksDB state is all there is
    harness = restorable(snapshot);
    event("e1", "P", "85"); // a retry of an event rated before the restore
    event("e2", "P", "5"); // 0.50 at usage 85: 1.00 left, still low: no second trigger
    event(
        "e3", "P",
        "20"); // at usage 90: 10 × 0.10 + 10 × 0.05 = 1.50: 1.00 from credit, 0.50 beyond

    assertThat(harness.getSideOutput(RatingPipeline.REJECTED))
        .extracting(r -> r.getValue().getReasonCode())
        .containsExactly("DUPLICATE");
    assertThat(charges())
        .extracting(
            Charge::getEventId, Charge::getFundingSource, Charge::getAmountMinor, Charge::getStatus)
        .containsExactly(
            tuple("e2", "PREPAID", 50L, "BILLED"),
            tuple("e3", "PREPAID", 100L, "BILLED"),
            tuple("e3", "ON_ACCOUNT", 50L, "EXCEEDS_LIMIT"));
    assertThat(side(RatingPipeline.TRIGGERS))
        .extracting(PromotionTriggerRecord::getKind)
        .doesNotContain("BELOW_PERCENT_OF_LAST_TOP_UP")
        .containsOnlyOnce("EXHAUSTED");
  }

  /**
   * A harness on RocksDB (as in production: state is serialized), restored from a snapshot if
   * given.
   */
  private KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> restorable(
      org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge>(
            new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                new AccountProcessor(config), List.of(AccountProcessor.RULES)),
            Inbound::getAccountId,
            Types.STRING,
            128,
            1,
            0);
    h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
    if (snapshot != null) {
      h.initializeState(snapshot);
    }
    h.open();
    h.setProcessingTime(NOW);
    if (snapshot == null) {
      h.processBroadcastElement(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1), 0L);
    }
    return h;
  }

  private static Path promotions() {
    Path p = Path.of("pricing-rules/promotions");
    return Files.exists(p) ? p : Path.of("../pricing-rules/promotions");
  }

  private void profile(String account, String currency, boolean prepaid) throws Exception {
    send(
        account,
        AccountProfile.newBuilder()
            .setAccountId(account)
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency(currency)
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setPrepaidOnly(prepaid)
            .setEffectiveTime(Instant.EPOCH)
            .build());
  }

  private static BalanceCommand cmd(
      String id, String account, BalanceCommandType type, long amount, String currency) {
    return BalanceCommand.newBuilder()
        .setCommandId(id)
        .setAccountId(account)
        .setType(type)
        .setAmountMinor(amount)
        .setCurrency(currency)
        .setIssuedAt(Instant.parse(T))
        .build();
  }

  private void command(
      String id, String account, BalanceCommandType type, long amount, String currency)
      throws Exception {
    send(account, cmd(id, account, type, amount, currency));
  }

  private void event(String id, String account, String quantity) throws Exception {
    event(id, account, quantity, "api_calls");
  }

  private void event(String id, String account, String quantity, String meter) throws Exception {
    event(id, account, quantity, meter, T);
  }

  private void event(String id, String account, String quantity, String meter, String time)
      throws Exception {
    send(
        account,
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId(account)
            .setMeter(meter)
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .build());
  }

  private void promotion(String id, String document) throws Exception {
    harness.processBroadcastElement(
        PricingRule.newBuilder()
            .setKind(RuleKind.PROMOTION)
            .setRuleSetId(id)
            .setVersion(1)
            .setEffectiveFrom(Instant.EPOCH)
            .setSourceName(id + ".yaml")
            .setDocument(document)
            .setPublishedAt(Instant.EPOCH)
            .setPublishedBy("t")
            .build(),
        0L);
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

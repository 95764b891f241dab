package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/** The account operator on Flink's harness, with the inputs and outputs its part tests use. */
final class AccountHarness implements AutoCloseable {
  final RatingConfig config;
  final KeyedBroadcastOperatorTestHarness<String, Inbound, PricingRule, Charge> harness;
  private final AccountProcessor processor;
  private long offset;

  AccountHarness(RatingConfig config, long now) throws Exception {
    this(config, now, null);
  }

  /** A harness restored from {@code snapshot} (null: a fresh start). */
  AccountHarness(RatingConfig config, long now, OperatorSubtaskState snapshot) throws Exception {
    this.config = config;
    processor = new AccountProcessor(config);
    if (snapshot == null) {
      harness =
          ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
              processor, Inbound::getAccountId, Types.STRING, AccountProcessor.RULES);
    } else {
      harness =
          new KeyedBroadcastOperatorTestHarness<>(
              new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                  processor, List.of(AccountProcessor.RULES)),
              Inbound::getAccountId,
              Types.STRING,
              1,
              1,
              0);
      harness.setup();
      harness.initializeState(snapshot);
      harness.open();
    }
    harness.setProcessingTime(now);
    // configuration is not event-time data: only the keyed side moves the watermark
    harness.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
  }

  AccountProcessor processor() {
    return processor;
  }

  void rule(PricingRule r) throws Exception {
    harness.processBroadcastElement(r, 0L);
  }

  void profile(String account, boolean prepaid) throws Exception {
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
            .setLegalEntity("RF-US")
            .setGlCustomerCode("C-" + account)
            .setRegion("us")
            .setEffectiveTime(Instant.EPOCH)
            .build());
  }

  void topUp(String id, String account, long amountMinor, String at) throws Exception {
    send(
        account,
        BalanceCommand.newBuilder()
            .setCommandId(id)
            .setAccountId(account)
            .setType(BalanceCommandType.TOP_UP)
            .setAmountMinor(amountMinor)
            .setCurrency("USD")
            .setIssuedAt(Instant.parse(at))
            .build());
  }

  void event(String id, String account, String quantity, String time) throws Exception {
    send(
        account,
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId(account)
            .setMeter("api_calls")
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .build());
  }

  void watermark(String time) throws Exception {
    harness.processWatermark(new Watermark(Instant.parse(time).toEpochMilli()));
  }

  void send(String account, Object payload) throws Exception {
    harness.processElement(inbound(account, payload, offset++), 0L);
  }

  /** A keyed input as the decoders make it, at {@code offset} of a test topic. */
  static Inbound inbound(String account, Object payload, long offset) {
    return Inbound.newBuilder()
        .setAccountId(account)
        .setPayload(payload)
        .setRaw(ByteBuffer.wrap(new byte[] {1}))
        .setSourceTopic("t")
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setIngestedAt(0L)
        .setHeldSince(0L)
        .build();
  }

  List<Charge> charges() {
    return harness.extractOutputValues();
  }

  <X> List<X> side(OutputTag<X> tag) {
    var out = harness.getSideOutput(tag);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}

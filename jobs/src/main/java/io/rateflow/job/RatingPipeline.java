package io.rateflow.job;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The rating topology, built in one place from injected input streams: the Kafka job, the batch
 * {@code rate} command and the tests all run exactly this.
 *
 * <pre>
 * events ──decode/check──▶ watermarks ─┐
 *                                      ├─ union ─ keyBy(account) ─▶ AccountProcessor ─▶ charges
 * accounts ─decode/check───────────────┘                  ▲                └─▶ rejected events
 * rules ────decode/validate ─ broadcast ──────────────────┘ ─▶ rejected rules
 * </pre>
 */
public final class RatingPipeline {
  public static final OutputTag<RejectedEvent> REJECTED =
      new OutputTag<>("rejected-events", new AvroTypeInfo<>(RejectedEvent.class));
  public static final OutputTag<RejectedRule> REJECTED_RULES =
      new OutputTag<>("rejected-rules", new AvroTypeInfo<>(RejectedRule.class));

  public static final OutputTag<BalanceMovementRecord> MOVEMENTS =
      new OutputTag<>("balance-movements", new AvroTypeInfo<>(BalanceMovementRecord.class));
  public static final OutputTag<PromotionTriggerRecord> TRIGGERS =
      new OutputTag<>("promotion-triggers", new AvroTypeInfo<>(PromotionTriggerRecord.class));
  public static final OutputTag<BalanceView> BALANCES =
      new OutputTag<>("balances", new AvroTypeInfo<>(BalanceView.class));
  public static final OutputTag<EstimateResponse> ESTIMATES =
      new OutputTag<>("estimate-responses", new AvroTypeInfo<>(EstimateResponse.class));

  private RatingPipeline() {}

  /** The three raw inputs. */
  public record Inputs(DataStream<RawRecord> events, DataStream<RawRecord> accounts, DataStream<RawRecord> rules) {}

  /**
   * What the pipeline produces; callers attach the sinks. {@code rules} are the decoded, validated
   * configuration documents of every kind (pricing, promotions, chart of accounts), for downstream
   * operators that need them too.
   */
  public record Outputs(
      DataStream<Charge> charges,
      DataStream<RejectedEvent> rejected,
      DataStream<RejectedRule> rejectedRules,
      DataStream<BalanceMovementRecord> movements,
      DataStream<PromotionTriggerRecord> triggers,
      DataStream<BalanceView> balances,
      DataStream<EstimateResponse> estimates,
      DataStream<PricingRule> rules) {}

  public static Outputs build(Inputs inputs, RatingConfig config) {
    AvroTypeInfo<Inbound> inboundType = new AvroTypeInfo<>(Inbound.class);

    SingleOutputStreamOperator<Inbound> events = inputs.events()
        .process(new InboundDecoder(InboundDecoder.Kind.EVENTS, config), inboundType)
        .uid("decode-events").name("decode and check events");
    DataStream<Inbound> timedEvents = events.assignTimestampsAndWatermarks(
        WatermarkStrategy.<Inbound>forBoundedOutOfOrderness(config.outOfOrderness())
            .withTimestampAssigner((in, ts) -> ((ActivityEvent) in.getPayload()).getEventTime().toEpochMilli())
            .withIdleness(config.sourceIdleness()))
        .uid("event-watermarks").name("event-time watermarks");

    SingleOutputStreamOperator<Inbound> accounts = inputs.accounts()
        .process(new InboundDecoder(InboundDecoder.Kind.ACCOUNTS, config), inboundType)
        .uid("decode-accounts").name("decode and check accounts");
    DataStream<Inbound> timedAccounts = accounts
        .assignTimestampsAndWatermarks(new ConfigWatermarks<>())
        .uid("account-watermarks").name("account watermarks");

    SingleOutputStreamOperator<PricingRule> rules = inputs.rules()
        .process(new RuleDecoder(), new AvroTypeInfo<>(PricingRule.class))
        .uid("decode-rules").name("decode and validate rules");
    BroadcastStream<PricingRule> broadcastRules = rules
        .assignTimestampsAndWatermarks(new ConfigWatermarks<>())
        .uid("rule-watermarks").name("rule watermarks")
        .broadcast(AccountProcessor.RULES);

    SingleOutputStreamOperator<Charge> charges = timedEvents
        .union(timedAccounts)
        .keyBy(Inbound::getAccountId, Types.STRING)
        .connect(broadcastRules)
        .process(new AccountProcessor(config), new AvroTypeInfo<>(Charge.class))
        .uid("account-processor").name("rate per account");

    DataStream<RejectedEvent> rejected = events.getSideOutput(REJECTED)
        .union(accounts.getSideOutput(REJECTED), charges.getSideOutput(REJECTED));
    DataStream<RejectedRule> rejectedRules = rules.getSideOutput(REJECTED_RULES)
        .union(charges.getSideOutput(REJECTED_RULES));
    return new Outputs(charges, rejected, rejectedRules, charges.getSideOutput(MOVEMENTS),
        charges.getSideOutput(TRIGGERS), charges.getSideOutput(BALANCES), charges.getSideOutput(ESTIMATES), rules);
  }
}

package io.rateflow.job;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * accounts ─decode/check───────────────┘                  ▲                ├─▶ rejected events
 * rules ──(catch-up)── decode/validate ─ broadcast ──────┘ ─▶ rejected rules ├─▶ movements, triggers, balances
 *                                                                           └─▶ journal, corrections (the ledger)
 * </pre>
 *
 * <p>The catch-up (Kafka job only, {@link Inputs#withRulesCatchUp()}) makes events and commands
 * wait at every start until the rules that were on the topic then have been read ({@link
 * RulesCatchUp}).
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

  /**
   * What the general ledger imports (erp-gl-export): daily summaries, their adjustments, rare
   * facts' entries.
   */
  public static final OutputTag<JournalEntry> JOURNAL =
      new OutputTag<>("ledger-journal", new AvroTypeInfo<>(JournalEntry.class));

  /** One entry per charge (erp-gl-detail), only with {@code ledger.detail-entries=true}. */
  public static final OutputTag<JournalEntry> JOURNAL_DETAIL =
      new OutputTag<>("ledger-journal-detail", new AvroTypeInfo<>(JournalEntry.class));

  /** Charges later than the allowed lateness, which may not change their day's summary any more. */
  public static final OutputTag<CorrectionRecord> CORRECTIONS =
      new OutputTag<>("ledger-corrections", new AvroTypeInfo<>(CorrectionRecord.class));

  /** Charges and movements the ledger cannot post, with a reason (erp-gl-rejected). */
  public static final OutputTag<RejectedEvent> LEDGER_REJECTED =
      new OutputTag<>("ledger-unpostable", new AvroTypeInfo<>(RejectedEvent.class));

  private RatingPipeline() {}

  /**
   * The raw inputs; balance commands and estimate requests may be null (offline runs have none).
   * {@code rulesCatchUp}: the rules come from the Kafka topic {@code config.rulesTopic()}, and
   * events and commands wait until the rules that were on it at start have been read (see {@link
   * RulesCatchUp}); the Kafka job turns it on with {@link #withRulesCatchUp()}. Off for in-memory
   * or file inputs, which have no topic to ask (BATCH runs read the broadcast side first anyway).
   */
  public record Inputs(
      DataStream<RawRecord> events,
      DataStream<RawRecord> accounts,
      DataStream<RawRecord> rules,
      DataStream<RawRecord> commands,
      DataStream<RawRecord> estimates,
      boolean rulesCatchUp) {
    public Inputs(
        DataStream<RawRecord> events, DataStream<RawRecord> accounts, DataStream<RawRecord> rules) {
      this(events, accounts, rules, null, null, false);
    }

    public Inputs(
        DataStream<RawRecord> events,
        DataStream<RawRecord> accounts,
        DataStream<RawRecord> rules,
        DataStream<RawRecord> commands,
        DataStream<RawRecord> estimates) {
      this(events, accounts, rules, commands, estimates, false);
    }

    /** The same inputs, with events waiting for the rules topic's catch-up at every start. */
    public Inputs withRulesCatchUp() {
      return new Inputs(events, accounts, rules, commands, estimates, true);
    }
  }

  /**
   * What the pipeline produces; callers attach the sinks. {@code rules} are the decoded, validated
   * configuration documents of every kind (pricing, promotions, chart of accounts), for downstream
   * operators that need them too. The ledger's streams ({@code journal} to {@code ledgerRejected})
   * are empty with {@code ledger.enabled=false}.
   */
  public record Outputs(
      DataStream<Charge> charges,
      DataStream<RejectedEvent> rejected,
      DataStream<RejectedRule> rejectedRules,
      DataStream<BalanceMovementRecord> movements,
      DataStream<PromotionTriggerRecord> triggers,
      DataStream<BalanceView> balances,
      DataStream<EstimateResponse> estimates,
      DataStream<PricingRule> rules,
      DataStream<JournalEntry> journal,
      DataStream<JournalEntry> journalDetail,
      DataStream<CorrectionRecord> corrections,
      DataStream<RejectedEvent> ledgerRejected) {}

  public static Outputs build(Inputs inputs, RatingConfig config) {
    SingleOutputStreamOperator<Inbound> events =
        decode(inputs.events(), InboundDecoder.Kind.EVENTS, config);
    DataStream<Inbound> timedEvents =
        events
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Inbound>forBoundedOutOfOrderness(config.outOfOrderness())
                    .withTimestampAssigner(
                        (in, ts) -> ((ActivityEvent) in.getPayload()).getEventTime().toEpochMilli())
                    .withIdleness(config.sourceIdleness()))
            .uid("event-watermarks")
            .name("event-time watermarks");

    // Profiles, commands and estimate requests are not event-time data: they never hold the
    // events' watermark back.
    SingleOutputStreamOperator<Inbound> accounts =
        decode(inputs.accounts(), InboundDecoder.Kind.ACCOUNTS, config);
    DataStream<Inbound> keyed = timedEvents.union(configTimed(accounts, "accounts"));
    Map<InboundDecoder.Kind, SingleOutputStreamOperator<Inbound>> decoders =
        new EnumMap<>(InboundDecoder.Kind.class);
    decoders.put(InboundDecoder.Kind.EVENTS, events);
    decoders.put(InboundDecoder.Kind.ACCOUNTS, accounts);
    if (inputs.commands() != null) {
      SingleOutputStreamOperator<Inbound> commands =
          decode(inputs.commands(), InboundDecoder.Kind.COMMANDS, config);
      keyed = keyed.union(configTimed(commands, "commands"));
      decoders.put(InboundDecoder.Kind.COMMANDS, commands);
    }
    if (inputs.estimates() != null) {
      SingleOutputStreamOperator<Inbound> estimates =
          decode(inputs.estimates(), InboundDecoder.Kind.ESTIMATES, config);
      keyed = keyed.union(configTimed(estimates, "estimates"));
      decoders.put(InboundDecoder.Kind.ESTIMATES, estimates);
    }

    // Rules are few: one decoder sees every partition, and so can tell when all have been read.
    DataStream<RawRecord> rawRules = inputs.rules();
    if (inputs.rulesCatchUp()) {
      rawRules =
          rawRules
              .transform(
                  "rules catch-up",
                  TypeInformation.of(RawRecord.class),
                  new RulesCatchUp(new RulesTopicEnd(config)))
              .uid("rules-catch-up")
              .setParallelism(1)
              .setMaxParallelism(1);
    }
    SingleOutputStreamOperator<PricingRule> rules =
        rawRules
            .process(new RuleDecoder(), new AvroTypeInfo<>(PricingRule.class))
            .uid("decode-rules")
            .name("decode and validate rules")
            .setParallelism(1);
    BroadcastStream<PricingRule> broadcastRules =
        rules
            .assignTimestampsAndWatermarks(new ConfigWatermarks<>())
            .uid("rule-watermarks")
            .name("rule watermarks")
            .setParallelism(1) // one channel: the catch-up marker stays behind the rules
            .broadcast(AccountProcessor.RULES);

    SingleOutputStreamOperator<Charge> charges =
        keyed
            .keyBy(Inbound::getAccountId, Types.STRING)
            .connect(broadcastRules)
            .process(
                new AccountProcessor(config, config.triggerPolicy(), inputs.rulesCatchUp()),
                new AvroTypeInfo<>(Charge.class))
            .uid("account-processor")
            .name("rate per account");

    // Every stage's rejections are counted by reason on their way to the one dead-letter stream.
    DataStream<RejectedEvent> rejected =
        counted(charges.getSideOutput(REJECTED), RatingMetrics.STAGE_RATING);
    for (Map.Entry<InboundDecoder.Kind, SingleOutputStreamOperator<Inbound>> decoder :
        decoders.entrySet()) {
      rejected =
          rejected.union(
              counted(
                  decoder.getValue().getSideOutput(REJECTED),
                  RatingMetrics.decodeStage(decoder.getKey())));
    }
    DataStream<RejectedRule> rejectedRules =
        rules.getSideOutput(REJECTED_RULES).union(charges.getSideOutput(REJECTED_RULES));
    return new Outputs(
        charges,
        rejected,
        rejectedRules,
        charges.getSideOutput(MOVEMENTS),
        charges.getSideOutput(TRIGGERS),
        charges.getSideOutput(BALANCES),
        charges.getSideOutput(ESTIMATES),
        rules,
        charges.getSideOutput(JOURNAL),
        charges.getSideOutput(JOURNAL_DETAIL),
        charges.getSideOutput(CORRECTIONS),
        charges.getSideOutput(LEDGER_REJECTED));
  }

  private static SingleOutputStreamOperator<Inbound> decode(
      DataStream<RawRecord> raw, InboundDecoder.Kind kind, RatingConfig config) {
    String name = RatingMetrics.input(kind);
    return raw.map(new InputCounter(name), TypeInformation.of(RawRecord.class))
        .uid("count-" + name)
        .name("count " + name)
        .process(new InboundDecoder(kind, config), RatingTypes.INBOUND)
        .uid("decode-" + name)
        .name("decode and check " + name);
  }

  private static DataStream<RejectedEvent> counted(
      DataStream<RejectedEvent> rejected, String stage) {
    return rejected
        .map(new RejectionCounter(stage), new AvroTypeInfo<>(RejectedEvent.class))
        .uid("count-rejected-" + stage.replace('_', '-'))
        .name("count rejected " + stage);
  }

  private static DataStream<Inbound> configTimed(DataStream<Inbound> stream, String name) {
    return stream
        .assignTimestampsAndWatermarks(new ConfigWatermarks<>())
        .uid(name + "-watermarks")
        .name(name + " watermarks");
  }
}

package io.rateflow.job;

import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.UsageAnalytics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The ERP/GL side of the job, built on the rating pipeline's outputs:
 *
 * <pre>
 * charges ───┬─ union ─ keyBy(account) ─▶ JournalProcessor ─▶ journal (erp-gl-export)
 * movements ─┘                  ▲              ├─▶ unpostable facts (rejected-events)
 * rules (chart of accounts) ────┘              └─▶ keyBy(summary key) ─▶ SummaryProcessor ─▶ summaries (erp-gl-summaries)
 *                                                                              └─▶ corrections (erp-gl-corrections)
 * charges ─ event time ─ keyBy(meter, segment, currency) ─ 1-minute windows ─▶ analytics (usage-analytics)
 * </pre>
 *
 * <p>The journal needs no state beyond the chart and the facts waiting for it; summaries and
 * analytics are event-time windows downstream, so the rating operator stays as it is.
 */
public final class LedgerPipeline {
  /** Keys (product × segment × currency × minute) the analytics combiner holds before it flushes early. */
  static final int ANALYTICS_COMBINER_KEYS = 10_000;

  private LedgerPipeline() {}

  /**
   * What the ledger produces; callers attach the sinks ({@link #attachSinks}).
   *
   * @param journal one entry per posted charge or movement (memo entries included, for the audit trail)
   * @param summaries daily summaries, and the reversal + replacement pairs late entries cause
   * @param corrections late entries that may not change their period any more
   * @param analytics usage and revenue per product, segment, currency and minute
   * @param unpostable facts the journal could not post, with a reason (for rejected-events)
   * @param rejectedCharts chart-of-accounts documents that do not validate (for rejected-rules)
   */
  public record Outputs(
      DataStream<JournalEntry> journal,
      DataStream<JournalEntry> summaries,
      DataStream<CorrectionRecord> corrections,
      DataStream<UsageAnalytics> analytics,
      DataStream<RejectedEvent> unpostable,
      DataStream<RejectedRule> rejectedCharts) {}

  /** Builds the ledger topology on the rating pipeline's outputs. */
  public static Outputs build(RatingPipeline.Outputs rating, RatingConfig config) {
    // Charts are versioned by effective time and must never move event time: they are marked idle.
    // (A Long.MAX_VALUE watermark would do the same only while the facts keep flowing: once the facts
    // go idle, the operator's watermark would jump to MAX and close every open day at once.)
    var charts = rating.rules()
        .assignTimestampsAndWatermarks(new IdleWatermarks<>())
        .uid("ledger-chart-watermarks").name("chart of accounts (idle, no event time)")
        .broadcast(JournalProcessor.CHARTS);

    // Event time per input, before the union: a union cannot be chained, so assigning it after
    // would ship every fact over the network twice.
    TypeInformation<JournalFact> factType = TypeInformation.of(JournalFact.class);
    DataStream<JournalFact> facts = eventTime(rating.charges()
            .map(JournalFact::of, factType).uid("ledger-charge-facts").name("charges as ledger facts"),
        factType, JournalFact::timeMillis, config, "ledger-charge-facts")
        .union(eventTime(rating.movements()
                .map(JournalFact::of, factType).uid("ledger-movement-facts").name("movements as ledger facts"),
            factType, JournalFact::timeMillis, config, "ledger-movement-facts"));

    SingleOutputStreamOperator<JournalEntry> journal = facts
        .keyBy(JournalFact::accountId, Types.STRING)
        .connect(charts)
        .process(new JournalProcessor(config), new AvroTypeInfo<>(JournalEntry.class))
        .uid("ledger-journal").name("post to journal");

    SingleOutputStreamOperator<JournalEntry> summaries = journal.getSideOutput(JournalProcessor.FOR_SUMMARY)
        .keyBy(in -> in.key, Types.STRING)
        .process(new SummaryProcessor(config.allowedLateness()), new AvroTypeInfo<>(JournalEntry.class))
        .uid("ledger-summaries").name("daily summaries");

    // Only the totals cross the network, combined per key and minute on the rating side.
    TypeInformation<AnalyticsTotals> totalsType = TypeInformation.of(AnalyticsTotals.class);
    DataStream<UsageAnalytics> analytics = eventTime(rating.charges(), new AvroTypeInfo<>(Charge.class),
            c -> c.getEventTime().toEpochMilli(), config, "ledger-analytics")
        .map(AnalyticsTotals::of, totalsType).uid("ledger-analytics-totals").name("charges as analytics totals")
        .transform("analytics per key and minute", totalsType, new AnalyticsCombiner(ANALYTICS_COMBINER_KEYS))
        .uid("ledger-analytics-combiner")
        .keyBy(AnalyticsTotals::key, Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
        .allowedLateness(config.allowedLateness())
        .aggregate(new AnalyticsAggregate(), new AnalyticsWindow(), totalsType, totalsType,
            new AvroTypeInfo<>(UsageAnalytics.class))
        .uid("ledger-analytics").name("usage analytics per minute");

    return new Outputs(journal, summaries, summaries.getSideOutput(SummaryProcessor.CORRECTIONS), analytics,
        journal.getSideOutput(JournalProcessor.UNPOSTABLE), journal.getSideOutput(JournalProcessor.REJECTED_CHARTS));
  }

  /** Attaches the exactly-once Kafka sinks of every ledger output. */
  public static void attachSinks(Outputs ledger, RatingConfig config) {
    String correctionsTopic = config.correctionsTopic();
    ledger.journal()
        .sinkTo(KafkaIO.sink(config, config.journalTopic(), JournalEntry.class, JournalEntry::getEntryId, "journal"))
        .uid("sink-journal").name("journal (exactly once)");
    ledger.summaries()
        .sinkTo(KafkaIO.sink(config, config.journalDetailTopic(), JournalEntry.class, JournalEntry::getEntryId, "summaries"))
        .uid("sink-summaries").name("journal summaries (exactly once)");
    ledger.corrections()
        .sinkTo(KafkaIO.sink(config, correctionsTopic, CorrectionRecord.class, CorrectionRecord::getCorrectionId,
            "corrections"))
        .uid("sink-corrections").name("journal corrections (exactly once)");
    ledger.analytics()
        .sinkTo(KafkaIO.sink(config, config.analyticsTopic(), UsageAnalytics.class, AnalyticsWindow::key, "analytics"))
        .uid("sink-analytics").name("usage analytics (exactly once)");
    ledger.unpostable()
        .sinkTo(KafkaIO.sink(config, config.ledgerRejectedTopic(), RejectedEvent.class, RejectedEvent::getAccountId,
            "ledger-rejected"))
        .uid("sink-ledger-rejected").name("unpostable ledger facts (exactly once)");
    ledger.rejectedCharts()
        .sinkTo(KafkaIO.sink(config, config.rejectedRulesTopic(), RejectedRule.class, RejectedRule::getRuleSetId,
            "ledger-rejected-rules"))
        .uid("sink-ledger-rejected-rules").name("rejected charts of accounts (exactly once)");
  }

  /**
   * The ledger's own event time: timestamps from the records, watermarks from their times with the
   * configured out-of-orderness and idleness. The rating operator's watermark cannot be used as it
   * is: its configuration inputs emit {@code Long.MAX_VALUE}, so when the events go idle its
   * watermark jumps to MAX, which would close every open day and turn every later fact into a
   * correction. Upstream watermarks are therefore dropped, except the end of a bounded input.
   */
  static <T> DataStream<T> eventTime(DataStream<T> in, TypeInformation<T> type, SerializableFunction<T, Long> time,
      RatingConfig config, String uid) {
    return in.transform("own event time", type, new DropUpstreamWatermarks<T>(config.bounded()))
        .uid(uid + "-drop-watermarks")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<T>forBoundedOutOfOrderness(config.outOfOrderness())
            .withTimestampAssigner((r, ts) -> time.apply(r))
            .withIdleness(config.sourceIdleness()))
        .uid(uid + "-watermarks").name("event-time watermarks");
  }

  /** Forwards records and drops upstream watermarks (but the end of a bounded input). */
  static final class DropUpstreamWatermarks<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private final boolean bounded;

    DropUpstreamWatermarks(boolean bounded) {
      this.bounded = bounded;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
      output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
      if (bounded && mark.getTimestamp() == Long.MAX_VALUE) {
        super.processWatermark(mark);
      }
    }
  }

  /** Watermarks of a stream that carries no event time: always idle, so it never holds back or pushes time. */
  static final class IdleWatermarks<T> implements WatermarkStrategy<T> {
    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
      return new WatermarkGenerator<>() {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
          output.markIdle();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
          output.markIdle();
        }
      };
    }
  }
}

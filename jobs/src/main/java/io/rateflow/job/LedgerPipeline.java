package io.rateflow.job;

import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.UsageAnalytics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The ERP/GL side of the job. The ledger itself runs inside the account operator ({@link
 * KeyedLedger} in {@link AccountProcessor}, keyed by account, no further shuffle); what is left
 * here are the usage analytics and the exactly-once sinks of every ledger output:
 *
 * <pre>
 * AccountProcessor ─▶ journal (erp-gl-export): daily summaries, their adjustments, rare facts' entries
 *                  ├─▶ journal detail (erp-gl-detail, only with ledger.detail-entries)
 *                  ├─▶ corrections (erp-gl-corrections)
 *                  └─▶ unpostable facts (erp-gl-rejected)
 * charges ─ event time ─ keyBy(meter, segment, currency) ─ 1-minute windows ─▶ analytics (usage-analytics)
 * </pre>
 */
public final class LedgerPipeline {
  /**
   * Keys (product × segment × currency × minute) the analytics combiner holds before it flushes
   * early.
   */
  static final int ANALYTICS_COMBINER_KEYS = 10_000;

  private LedgerPipeline() {}

  /**
   * What the ledger produces; callers attach the sinks ({@link #attachSinks}).
   *
   * @param journal what the GL imports: daily summaries per (legal entity, account, product, day,
   *     currency), reversal + replacement pairs for late charges, one entry per rare money fact
   * @param journalDetail one entry per charge, only with {@code ledger.detail-entries=true}
   * @param corrections late charges that may not change their day any more
   * @param analytics usage and revenue per product, segment, currency and minute
   * @param unpostable facts the journal could not post, with a reason (for erp-gl-rejected)
   */
  public record Outputs(
      DataStream<JournalEntry> journal,
      DataStream<JournalEntry> journalDetail,
      DataStream<CorrectionRecord> corrections,
      DataStream<UsageAnalytics> analytics,
      DataStream<RejectedEvent> unpostable) {}

  /**
   * The ledger's outputs: the account operator's ledger side outputs, and the analytics built on
   * the charges.
   */
  public static Outputs build(RatingPipeline.Outputs rating, RatingConfig config) {
    // Only the totals cross the network, combined per key and minute on the rating side.
    TypeInformation<AnalyticsTotals> totalsType = TypeInformation.of(AnalyticsTotals.class);
    DataStream<UsageAnalytics> analytics =
        eventTime(
                rating.charges(),
                new AvroTypeInfo<>(Charge.class),
                c -> c.getEventTime().toEpochMilli(),
                config,
                "ledger-analytics")
            .map(AnalyticsTotals::of, totalsType)
            .uid("ledger-analytics-totals")
            .name("charges as analytics totals")
            .transform(
                "analytics per key and minute",
                totalsType,
                new AnalyticsCombiner(ANALYTICS_COMBINER_KEYS))
            .uid("ledger-analytics-combiner")
            .keyBy(AnalyticsTotals::key, Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .allowedLateness(config.allowedLateness())
            .aggregate(
                new AnalyticsAggregate(),
                new AnalyticsWindow(),
                totalsType,
                totalsType,
                new AvroTypeInfo<>(UsageAnalytics.class))
            .uid("ledger-analytics")
            .name("usage analytics per minute");

    return new Outputs(
        rating.journal(),
        rating.journalDetail(),
        rating.corrections(),
        analytics,
        rating.ledgerRejected());
  }

  /**
   * Attaches the exactly-once Kafka sinks of every ledger output (erp-gl-detail only when detail
   * entries are on).
   */
  public static void attachSinks(Outputs ledger, RatingConfig config) {
    ledger
        .journal()
        .sinkTo(
            KafkaIO.sink(
                config,
                config.journalTopic(),
                JournalEntry.class,
                JournalEntry::getEntryId,
                "journal"))
        .uid("sink-journal")
        .name("journal (exactly once)");
    if (config.ledgerDetailEntries()) {
      ledger
          .journalDetail()
          .sinkTo(
              KafkaIO.sink(
                  config,
                  config.journalDetailTopic(),
                  JournalEntry.class,
                  JournalEntry::getEntryId,
                  "journal-detail"))
          .uid("sink-journal-detail")
          .name("journal detail (exactly once)");
    }
    ledger
        .corrections()
        .sinkTo(
            KafkaIO.sink(
                config,
                config.correctionsTopic(),
                CorrectionRecord.class,
                CorrectionRecord::getCorrectionId,
                "corrections"))
        .uid("sink-corrections")
        .name("journal corrections (exactly once)");
    ledger
        .analytics()
        .sinkTo(
            KafkaIO.sink(
                config,
                config.analyticsTopic(),
                UsageAnalytics.class,
                AnalyticsWindow::key,
                "analytics"))
        .uid("sink-analytics")
        .name("usage analytics (exactly once)");
    ledger
        .unpostable()
        .sinkTo(
            KafkaIO.sink(
                config,
                config.ledgerRejectedTopic(),
                RejectedEvent.class,
                RejectedEvent::getAccountId,
                "ledger-rejected"))
        .uid("sink-ledger-rejected")
        .name("unpostable ledger facts (exactly once)");
  }

  /**
   * The ledger's own event time: timestamps from the records, watermarks from their times with the
   * configured out-of-orderness and idleness. The rating operator's watermark cannot be used as it
   * is: its configuration inputs emit {@code Long.MAX_VALUE}, so when the events go idle its
   * watermark jumps to MAX, which would close every open day and turn every later fact into a
   * correction. Upstream watermarks are therefore dropped, except the end of a bounded input.
   */
  static <T> DataStream<T> eventTime(
      DataStream<T> in,
      TypeInformation<T> type,
      SerializableFunction<T, Long> time,
      RatingConfig config,
      String uid) {
    return in.transform("own event time", type, new DropUpstreamWatermarks<T>(config.bounded()))
        .uid(uid + "-drop-watermarks")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<T>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> time.apply(r))
                .withIdleness(config.sourceIdleness()))
        .uid(uid + "-watermarks")
        .name("event-time watermarks");
  }

  /** Forwards records and drops upstream watermarks (but the end of a bounded input). */
  static final class DropUpstreamWatermarks<T> extends AbstractStreamOperator<T>
      implements OneInputStreamOperator<T, T> {
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
}

package io.rateflow.job;

import io.rateflow.ledger.Adjustment;
import io.rateflow.ledger.ClosedPeriods;
import io.rateflow.ledger.CorrectionRecord;
import io.rateflow.ledger.EntryIds;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.LateFactOutcome;
import io.rateflow.ledger.PeriodSummary;
import io.rateflow.ledger.SummaryKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Daily summaries per (legal entity, account, product, day, currency), as an event-time window whose
 * day is the legal entity's own (keyed by the summary key, closed by an event-time timer at the end
 * of that day in its zone).
 *
 * <p>What was exported is never edited. When the watermark passes the end of the day the summary
 * is exported. A late entry within the allowed lateness yields an adjusting pair: a reversal of the
 * exported summary and a replacement with the new totals ({@link PeriodSummary#amend}). Later than
 * that, or into a closed period, it yields a {@link CorrectionRecord} on {@link #CORRECTIONS} for an
 * accountant: a closed period is never silently changed.
 */
public class SummaryProcessor extends KeyedProcessFunction<String, SummaryInput, io.rateflow.avro.JournalEntry> {

  /** Late entries that may not change their (closed) period. */
  public static final OutputTag<io.rateflow.avro.CorrectionRecord> CORRECTIONS =
      new OutputTag<>("ledger-corrections", new AvroTypeInfo<>(io.rateflow.avro.CorrectionRecord.class));

  private final long allowedLatenessMillis;

  private transient ValueState<SummaryDay> days;

  /**
   * @param allowedLateness how long after its day a summary may still be adjusted; later entries
   *     become corrections
   */
  public SummaryProcessor(Duration allowedLateness) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    days = getRuntimeContext().getState(
        new ValueStateDescriptor<>("summary-day", TypeInformation.of(SummaryDay.class)));
  }

  @Override
  public void processElement(SummaryInput in, Context ctx, Collector<io.rateflow.avro.JournalEntry> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long closesAt = in.dayEnd - 1; // the last millisecond of the day: a watermark there means the day is complete
    long finalAt = closesAt + allowedLatenessMillis;
    SummaryDay day = days.value();
    if (watermark < closesAt) {
      // The day is open: one running summary instead of the day's entries.
      JournalEntry entry = LedgerMapping.fromAvro(in.entry);
      if (day == null) {
        day = new SummaryDay();
        day.dayEnd = in.dayEnd;
        ctx.timerService().registerEventTimeTimer(closesAt);
      }
      day.running = LedgerMapping.toAvro(PeriodSummary.add(SummaryKey.of(entry),
          day.running == null ? null : LedgerMapping.fromAvro(day.running), day.summed, entry));
      day.summed++;
      days.update(day);
      return;
    }
    JournalEntry late = LedgerMapping.fromAvro(in.entry);
    SummaryKey key = SummaryKey.of(late);
    io.rateflow.avro.JournalEntry last = day == null ? null : day.exported;
    if (watermark >= finalAt) {
      String affected = last != null ? last.getEntryId() : key.summaryEntryId();
      correction(ctx, new CorrectionRecord(EntryIds.of("CORRECTION", affected, late.entryId()), late.legalEntity(),
          late.period(), affected, late, "late entry " + late.entryId() + " (" + late.kind() + ") for "
              + late.postingDate() + " arrived when the watermark was " + Instant.ofEpochMilli(watermark)
              + ", after the allowed lateness " + Duration.ofMillis(allowedLatenessMillis)
              + " (allowed.lateness): the summary of that day is final; book it in an open period"));
      return;
    }
    if (last == null) {
      // The day had nothing to summarise when it closed: this late entry is its first summary.
      day = new SummaryDay();
      day.dayEnd = in.dayEnd;
      day.exported = LedgerMapping.toAvro(PeriodSummary.summarize(key, List.of(late)));
      days.update(day);
      out.collect(day.exported);
      ctx.timerService().registerEventTimeTimer(finalAt);
      return;
    }
    Optional<LateFactOutcome> outcome = PeriodSummary.amend(LedgerMapping.fromAvro(last), late, ClosedPeriods.none(),
        "late entry " + late.entryId() + " within the allowed lateness");
    if (outcome.isPresent() && outcome.get() instanceof Adjustment adjustment) {
      out.collect(LedgerMapping.toAvro(adjustment.reversal()));
      day.exported = LedgerMapping.toAvro(adjustment.replacement());
      out.collect(day.exported);
      days.update(day);
    } else if (outcome.isPresent() && outcome.get() instanceof CorrectionRecord c) {
      correction(ctx, c);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<io.rateflow.avro.JournalEntry> out) throws Exception {
    SummaryDay day = days.value();
    if (day == null) {
      return;
    }
    long closesAt = day.dayEnd - 1;
    long finalAt = closesAt + allowedLatenessMillis;
    if (day.running != null) {
      out.collect(day.running);
      day.exported = day.running;
      day.running = null;
      day.summed = 0;
    }
    if (timestamp >= finalAt) {
      days.clear();
    } else {
      days.update(day);
      ctx.timerService().registerEventTimeTimer(finalAt);
    }
  }

  private static void correction(Context ctx, CorrectionRecord c) {
    ctx.output(CORRECTIONS, LedgerMapping.toAvro(c));
  }
}

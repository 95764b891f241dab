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
import org.apache.flink.api.common.typeinfo.Types;
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

  /** The day's summary so far, and how many entries it sums: one entry of state per key, not the day's entries. */
  private transient ValueState<io.rateflow.avro.JournalEntry> running;
  private transient ValueState<Integer> summed;
  private transient ValueState<io.rateflow.avro.JournalEntry> exported;
  private transient ValueState<Long> dayEnd;

  /**
   * @param allowedLateness how long after its day a summary may still be adjusted; later entries
   *     become corrections
   */
  public SummaryProcessor(Duration allowedLateness) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    var rc = getRuntimeContext();
    AvroTypeInfo<io.rateflow.avro.JournalEntry> type = new AvroTypeInfo<>(io.rateflow.avro.JournalEntry.class);
    running = rc.getState(new ValueStateDescriptor<>("summary-running", type));
    summed = rc.getState(new ValueStateDescriptor<>("summary-summed", Types.INT));
    exported = rc.getState(new ValueStateDescriptor<>("summary-exported", type));
    dayEnd = rc.getState(new ValueStateDescriptor<>("summary-day-end", Types.LONG));
  }

  @Override
  public void processElement(SummaryInput in, Context ctx, Collector<io.rateflow.avro.JournalEntry> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    long closesAt = in.dayEnd - 1; // the last millisecond of the day: a watermark there means the day is complete
    long finalAt = closesAt + allowedLatenessMillis;
    if (watermark < closesAt) {
      JournalEntry entry = LedgerMapping.fromAvro(in.entry);
      io.rateflow.avro.JournalEntry soFar = running.value();
      int n = soFar == null ? 0 : summed.value();
      running.update(LedgerMapping.toAvro(PeriodSummary.add(SummaryKey.of(entry),
          soFar == null ? null : LedgerMapping.fromAvro(soFar), n, entry)));
      summed.update(n + 1);
      if (dayEnd.value() == null) {
        dayEnd.update(in.dayEnd);
        ctx.timerService().registerEventTimeTimer(closesAt);
      }
      return;
    }
    JournalEntry late = LedgerMapping.fromAvro(in.entry);
    SummaryKey key = SummaryKey.of(late);
    if (watermark >= finalAt) {
      io.rateflow.avro.JournalEntry last = exported.value();
      String affected = last != null ? last.getEntryId() : key.summaryEntryId();
      correction(ctx, new CorrectionRecord(EntryIds.of("CORRECTION", affected, late.entryId()), late.legalEntity(),
          late.period(), affected, late, "late entry " + late.entryId() + " (" + late.kind() + ") for "
              + late.postingDate() + " arrived when the watermark was " + Instant.ofEpochMilli(watermark)
              + ", after the allowed lateness " + Duration.ofMillis(allowedLatenessMillis)
              + " (allowed.lateness): the summary of that day is final; book it in an open period"));
      return;
    }
    io.rateflow.avro.JournalEntry last = exported.value();
    if (last == null) {
      // The day had nothing to summarise when it closed: this late entry is its first summary.
      exported.update(LedgerMapping.toAvro(PeriodSummary.summarize(key, List.of(late))));
      out.collect(exported.value());
      dayEnd.update(in.dayEnd);
      ctx.timerService().registerEventTimeTimer(finalAt);
      return;
    }
    Optional<LateFactOutcome> outcome = PeriodSummary.amend(LedgerMapping.fromAvro(last), late, ClosedPeriods.none(),
        "late entry " + late.entryId() + " within the allowed lateness");
    if (outcome.isPresent() && outcome.get() instanceof Adjustment adjustment) {
      out.collect(LedgerMapping.toAvro(adjustment.reversal()));
      io.rateflow.avro.JournalEntry replacement = LedgerMapping.toAvro(adjustment.replacement());
      out.collect(replacement);
      exported.update(replacement);
    } else if (outcome.isPresent() && outcome.get() instanceof CorrectionRecord c) {
      correction(ctx, c);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<io.rateflow.avro.JournalEntry> out) throws Exception {
    Long end = dayEnd.value();
    if (end == null) {
      return;
    }
    long closesAt = end - 1;
    long finalAt = closesAt + allowedLatenessMillis;
    io.rateflow.avro.JournalEntry summary = running.value();
    if (summary != null) {
      out.collect(summary);
      exported.update(summary);
      running.clear();
      summed.clear();
    }
    if (timestamp >= finalAt) {
      exported.clear();
      dayEnd.clear();
      running.clear();
      summed.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(finalAt);
    }
  }

  private static void correction(Context ctx, CorrectionRecord c) {
    ctx.output(CORRECTIONS, LedgerMapping.toAvro(c));
  }
}

package io.rateflow.job;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ChartValidationException;
import io.rateflow.ledger.Journal;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.LegalEntity;
import io.rateflow.ledger.PostingException;
import io.rateflow.ledger.SummaryKey;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Posts every charge and balance movement of an account to the journal: one balanced entry per
 * fact, with the chart of accounts in force at the fact's own time (from the broadcast side).
 *
 * <p>A thin adapter around {@link Journal}. Flink orders nothing between the broadcast and the
 * keyed input, so a fact that arrives before a chart covering its time waits in keyed state (at most
 * {@code pending.max-per-account} per account, at most {@code pending.timeout}) and is posted when
 * the chart arrives. A fact that cannot be posted goes to {@link #UNPOSTABLE} with a reason code and
 * its original bytes: never dropped.
 */
public class JournalProcessor
    extends KeyedBroadcastProcessFunction<String, JournalFact, PricingRule, io.rateflow.avro.JournalEntry> {

  /** Every chart version known, by "id@version". The broadcast state survives restarts. */
  public static final MapStateDescriptor<String, PricingRule> CHARTS =
      new MapStateDescriptor<>("charts-of-accounts", Types.STRING, new AvroTypeInfo<>(PricingRule.class));

  /** Facts the journal cannot post, for the rejected-events topic. */
  public static final OutputTag<RejectedEvent> UNPOSTABLE =
      new OutputTag<>("ledger-unpostable", new AvroTypeInfo<>(RejectedEvent.class));
  /** Chart documents that do not validate, for the rejected-rules topic. */
  public static final OutputTag<RejectedRule> REJECTED_CHARTS =
      new OutputTag<>("ledger-rejected-charts", new AvroTypeInfo<>(RejectedRule.class));
  /** Posted entries with lines, for the daily summaries. */
  public static final OutputTag<SummaryInput> FOR_SUMMARY =
      new OutputTag<>("ledger-for-summary", TypeInformation.of(SummaryInput.class));

  /** Marks accounts with held facts; iterated when a chart arrives. */
  static final ValueStateDescriptor<Long> PENDING_MARKER = HeldInputs.marker("journal-pending");

  /** Reason codes on {@link #UNPOSTABLE}. */
  public static final String NO_CHART = "NO_CHART_OF_ACCOUNTS";
  public static final String UNKNOWN_LEGAL_ENTITY = "UNKNOWN_LEGAL_ENTITY";
  public static final String INVALID_FACT = "INVALID_LEDGER_FACT";
  public static final String NOT_BILLED = "NOT_BILLED";
  public static final String PENDING_OVERFLOW = "PENDING_OVERFLOW";

  private final RatingConfig config;

  private transient HeldInputs<JournalFact> pending;

  /** Parsed view of the broadcast state; rebuilt lazily after a restore. */
  private transient ChartBook book;
  private transient boolean bookLoaded;

  private transient Counter posted;
  /** By reason code, as on erp-gl-rejected. */
  private transient LabelledCounters unpostable;
  private transient Counter chartsRejected;
  private transient Counter notJournaled;

  public JournalProcessor(RatingConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    var rc = getRuntimeContext();
    pending = new HeldInputs<>(rc, "journal-pending", TypeInformation.of(JournalFact.class), PENDING_MARKER,
        fact -> fact.heldSince, config.maxPendingPerAccount(), config.pendingTimeout());
    book = ChartBook.of();
    bookLoaded = false;
    var metrics = rc.getMetricGroup();
    posted = metrics.counter(RatingMetrics.JOURNAL_POSTED);
    unpostable = new LabelledCounters(metrics, RatingMetrics.REASON, RatingMetrics.JOURNAL_UNPOSTABLE)
        .registering(NO_CHART, UNKNOWN_LEGAL_ENTITY, INVALID_FACT, NOT_BILLED, PENDING_OVERFLOW);
    chartsRejected = metrics.counter(RatingMetrics.RULES_REJECTED);
    notJournaled = metrics.counter(RatingMetrics.JOURNAL_BOOKED_ELSEWHERE);
  }

  /** Where the outputs of one callback go. */
  private interface Outputs {
    void entry(io.rateflow.avro.JournalEntry entry);

    <X> void side(OutputTag<X> tag, X value);
  }

  // ---------------------------------------------------------------- keyed side

  @Override
  public void processElement(JournalFact fact, ReadOnlyContext ctx, Collector<io.rateflow.avro.JournalEntry> out)
      throws Exception {
    loadBook(ctx.getBroadcastState(CHARTS));
    Outputs outputs = outputs(out, ctx::output);
    long now = ctx.currentProcessingTime();
    if (!tryPost(fact, outputs, now)) {
      hold(fact, now, ctx, outputs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<io.rateflow.avro.JournalEntry> out) throws Exception {
    loadBook(ctx.getBroadcastState(CHARTS));
    // In BATCH runs timers fire at the end of the key, before the wall clock reaches them.
    retryPending(outputs(out, ctx::output), Math.max(timestamp, ctx.currentProcessingTime()), true);
  }

  private interface SideOutput {
    <X> void output(OutputTag<X> tag, X value);
  }

  private static Outputs outputs(Collector<io.rateflow.avro.JournalEntry> out, SideOutput side) {
    return new Outputs() {
      @Override
      public void entry(io.rateflow.avro.JournalEntry entry) {
        out.collect(entry);
      }

      @Override
      public <X> void side(OutputTag<X> tag, X value) {
        side.output(tag, value);
      }
    };
  }

  /** Posts the fact or rejects it; false while no chart covers its time yet. */
  private boolean tryPost(JournalFact fact, Outputs out, long now) {
    Instant time = Instant.ofEpochMilli(fact.timeMillis());
    Journal journal = new Journal(book);
    JournalEntry entry;
    try {
      if (fact.charge != null) {
        if (!LedgerMapping.isBooked(fact.charge.getStatus())) {
          reject(fact, NOT_BILLED, fact.describe() + " has status " + fact.charge.getStatus()
              + "; the journal books only BILLED charges (settle or re-rate it to book it)", out, now);
          return true;
        }
        var c = LedgerMapping.chargeFact(fact.charge);
        if (book.inForceAt(time).isEmpty()) {
          return false;
        }
        entry = journal.post(c);
      } else {
        if (LedgerMapping.notJournaled(fact.movement) != null) {
          notJournaled.inc();
          return true;
        }
        var m = LedgerMapping.movementFact(fact.movement);
        if (book.inForceAt(time).isEmpty()) {
          return false;
        }
        entry = journal.post(m);
      }
    } catch (PostingException e) {
      // A chart is in force (checked above), so the legal entity is what is missing.
      reject(fact, UNKNOWN_LEGAL_ENTITY, e.getMessage(), out, now);
      return true;
    } catch (IllegalArgumentException e) {
      reject(fact, INVALID_FACT, fact.describe() + " cannot be posted: " + e.getMessage(), out, now);
      return true;
    }
    out.entry(LedgerMapping.toAvro(entry));
    posted.inc();
    if (!entry.isMemo()) {
      ChartOfAccounts chart = book.inForceAt(time).orElseThrow();
      LegalEntity le = chart.legalEntity(entry.legalEntity()).orElseThrow();
      long dayEnd = entry.postingDate().plusDays(1).atStartOfDay(le.zone()).toInstant().toEpochMilli();
      out.side(FOR_SUMMARY, new SummaryInput(SummaryKey.of(entry).summaryEntryId(), dayEnd, LedgerMapping.toAvro(entry)));
    }
    return true;
  }

  private void hold(JournalFact fact, long now, ReadOnlyContext ctx, Outputs out) throws Exception {
    fact.heldSince = now;
    if (!pending.hold(fact, now, ctx.timerService())) {
      reject(fact, PENDING_OVERFLOW, "account " + fact.accountId() + " already has " + pending.size()
          + " facts waiting for a chart of accounts (pending.max-per-account); " + fact.describe()
          + " was not posted; publish a chart whose effective_from covers it", out, now);
    }
  }

  private void retryPending(Outputs out, long now, boolean mayClearMarker) throws Exception {
    pending.retry(now, mayClearMarker, fact -> tryPost(fact, out, now),
        fact -> reject(fact, NO_CHART, "no chart of accounts in force at " + Instant.ofEpochMilli(fact.timeMillis())
            + " for " + fact.describe() + " after waiting " + config.pendingTimeout()
            + " (pending.timeout); publish a chart whose effective_from is at or before that time", out, now));
  }

  private void reject(JournalFact fact, String code, String message, Outputs out, long now) {
    RejectedEvent.Builder r = RejectedEvent.newBuilder()
        .setReasonCode(code)
        .setMessage(message)
        .setAccountId(fact.accountId())
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setRejectedAt(Instant.ofEpochMilli(now));
    // The original record, byte for byte as on its topic, so it can be replayed once fixed.
    if (fact.charge != null) {
      r.setEventId(fact.charge.getEventId())
          .setSourceTopic(config.chargesTopic())
          .setPayload(ByteBuffer.wrap(AvroCodec.of(io.rateflow.avro.Charge.class).encode(fact.charge)));
    } else {
      r.setEventId(fact.movement.getCause())
          .setSourceTopic(config.movementsTopic())
          .setPayload(ByteBuffer.wrap(
              AvroCodec.of(io.rateflow.avro.BalanceMovementRecord.class).encode(fact.movement)));
    }
    out.side(UNPOSTABLE, r.build());
    unpostable.get(code).inc();
  }

  // ---------------------------------------------------------------- broadcast side

  @Override
  public void processBroadcastElement(PricingRule rule, Context ctx, Collector<io.rateflow.avro.JournalEntry> out)
      throws Exception {
    if (rule.getKind() != RuleKind.CHART_OF_ACCOUNTS) {
      return;
    }
    BroadcastState<String, PricingRule> state = ctx.getBroadcastState(CHARTS);
    loadBook(state);
    long now = ctx.currentProcessingTime();
    String key = rule.getRuleSetId() + "@" + rule.getVersion();
    PricingRule known = state.get(key);
    if (known != null) {
      if (!known.getDocument().equals(rule.getDocument())) {
        rejectChart(rule, List.of(rule.getSourceName() + ": chart of accounts " + key
            + " was already published with different content; publish it as a new version"), ctx, now);
      }
      return;
    }
    Optional<ChartOfAccounts> parsed = parse(rule, ctx, now);
    if (parsed.isEmpty()) {
      return; // the chart versions in force stay as they were
    }
    state.put(key, rule);
    book = book.with(parsed.get());
    Outputs outputs = outputs(out, ctx::output);
    ctx.applyToKeyedState(PENDING_MARKER, (account, marker) -> {
      if (marker.value() != null) {
        retryPending(outputs, now, false);
      }
    });
  }

  private Optional<ChartOfAccounts> parse(PricingRule rule, Context ctx, long now) {
    String source = rule.getSourceName().isEmpty() ? rule.getRuleSetId() : rule.getSourceName();
    try {
      ChartOfAccounts chart = ChartOfAccountsParser.parse(source, rule.getDocument());
      if (!chart.id().equals(rule.getRuleSetId()) || chart.version() != rule.getVersion()) {
        rejectChart(rule, List.of(source + ": the record says " + rule.getRuleSetId() + " v" + rule.getVersion()
            + " but the document is " + chart.id() + " v" + chart.version()), ctx, now);
        return Optional.empty();
      }
      return Optional.of(chart);
    } catch (ChartValidationException e) {
      rejectChart(rule, e.problems(), ctx, now);
      return Optional.empty();
    }
  }

  private void rejectChart(PricingRule rule, List<String> problems, Context ctx, long now) {
    // Every parallel instance sees the broadcast record; one rejection is enough.
    if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
      ctx.output(REJECTED_CHARTS, RuleDecoder.rejection(rule, problems, now));
      chartsRejected.inc();
    }
  }

  private void loadBook(ReadOnlyBroadcastState<String, PricingRule> state) throws Exception {
    if (bookLoaded) {
      return;
    }
    for (Map.Entry<String, PricingRule> e : state.immutableEntries()) {
      PricingRule r = e.getValue();
      book = book.with(ChartOfAccountsParser.parse(r.getSourceName().isEmpty() ? r.getRuleSetId() : r.getSourceName(),
          r.getDocument()));
    }
    bookLoaded = true;
  }
}

package io.rateflow.job;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.ledger.AccountLedger;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.CorrectionRecord;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.LedgerOutcome;
import io.rateflow.ledger.LedgerSettings;
import io.rateflow.ledger.PostingException;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The account's general-ledger totals, in the account operator: every charge and balance movement
 * the engine emits is posted to the account's {@link AccountLedger} (kept as its compact bytes in
 * keyed state, with a write-through cache of recently used accounts), with the chart of accounts in
 * force at the fact's time. Closed days are exported on event-time timers at {@link
 * AccountLedger#nextDeadline()}, registered only when the deadline changes: a day of charges costs
 * one timer, not one per charge.
 *
 * <p>Flink orders nothing between the broadcast and the keyed input, so a fact that arrives before
 * a chart covering its time waits in keyed state (at most {@code pending.max-per-account} per
 * account, at most {@code pending.timeout}) and is posted when the chart arrives; its charge has
 * gone out already, without a journal entry id. A fact that cannot be posted goes to {@link
 * RatingPipeline#LEDGER_REJECTED} with a reason code and its original bytes: never dropped.
 */
final class KeyedLedger {
  /** Marks accounts with held facts; iterated when a chart arrives. */
  static final ValueStateDescriptor<Long> PENDING_MARKER = HeldInputs.marker("journal-pending");

  /** Reason codes on {@link RatingPipeline#LEDGER_REJECTED}. */
  static final String NO_CHART = "NO_CHART_OF_ACCOUNTS";

  static final String UNKNOWN_LEGAL_ENTITY = "UNKNOWN_LEGAL_ENTITY";
  static final String INVALID_FACT = "INVALID_LEDGER_FACT";
  static final String NOT_BILLED = "NOT_BILLED";
  static final String PENDING_OVERFLOW = "PENDING_OVERFLOW";

  private static final int CACHE_SIZE = 20_000;

  private final RatingConfig config;
  private final ConfigCatalogue catalogue;
  private final LedgerSettings settings;
  private final ValueState<byte[]> stored;
  private final HeldInputs<JournalFact> held;

  private final Counter posted;

  /** By reason code, as on erp-gl-rejected. */
  private final LabelledCounters unpostable;

  private final Counter bookedElsewhere;

  /** Decoded ledgers of recently used accounts; every change is written to the state as well. */
  private final Map<String, AccountLedger> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccountLedger> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  KeyedLedger(RuntimeContext rc, RatingConfig config, ConfigCatalogue catalogue) {
    this.config = config;
    this.catalogue = catalogue;
    this.settings =
        new LedgerSettings(config.allowedLateness().toMillis(), config.ledgerDetailEntries());
    stored =
        rc.getState(
            new ValueStateDescriptor<>(
                "ledger", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    held =
        new HeldInputs<>(
            rc,
            "journal-pending",
            TypeInformation.of(JournalFact.class),
            PENDING_MARKER,
            fact -> fact.heldSince,
            config.maxPendingPerAccount(),
            config.pendingTimeout());
    MetricGroup metrics = rc.getMetricGroup();
    posted = metrics.counter(RatingMetrics.JOURNAL_POSTED);
    unpostable =
        new LabelledCounters(metrics, RatingMetrics.REASON, RatingMetrics.JOURNAL_UNPOSTABLE)
            .registering(
                NO_CHART, UNKNOWN_LEGAL_ENTITY, INVALID_FACT, NOT_BILLED, PENDING_OVERFLOW);
    bookedElsewhere = metrics.counter(RatingMetrics.JOURNAL_BOOKED_ELSEWHERE);
  }

  // ---------------------------------------------------------------- facts

  /**
   * Posts a charge line before it is collected, setting the id of the journal entry it rolls into
   * (null when it is a memo or cannot be posted now).
   */
  void post(Charge charge, Callback call) throws Exception {
    charge.setJournalEntryId(null);
    JournalFact fact = JournalFact.of(charge);
    if (!tryPost(fact, call)) {
      // the charge goes on now; what waits is a copy, posted when a chart covers its time
      hold(JournalFact.of(Charge.newBuilder(charge).build()), call);
    }
  }

  /**
   * Posts a balance movement: one entry of its own, exported at once (if it is a ledger fact at
   * all).
   */
  void post(BalanceMovementRecord movement, Callback call) throws Exception {
    if (LedgerMapping.notJournaled(movement) != null) {
      bookedElsewhere.inc();
      return;
    }
    JournalFact fact = JournalFact.of(movement);
    if (!tryPost(fact, call)) {
      hold(JournalFact.of(BalanceMovementRecord.newBuilder(movement).build()), call);
    }
  }

  /** Posts the fact or rejects it; false while no chart covers its time yet. */
  private boolean tryPost(JournalFact fact, Callback call) throws Exception {
    ChartBook charts = catalogue.charts();
    String account = fact.accountId();
    LedgerOutcome outcome;
    AccountLedger ledger;
    long before;
    try {
      if (fact.charge != null) {
        if (!LedgerMapping.isBooked(fact.charge.getStatus())) {
          reject(
              fact,
              NOT_BILLED,
              fact.describe()
                  + " has status "
                  + fact.charge.getStatus()
                  + "; the journal books only BILLED charges (settle or re-rate it to book it)",
              call);
          return true;
        }
        var c = LedgerMapping.chargeFact(fact.charge);
        if (charts.inForceAt(c.eventTime()).isEmpty()) {
          return false;
        }
        ledger = load(account);
        before = ledger.nextDeadline();
        outcome = ledger.post(c, charts, call.watermark());
        fact.charge.setJournalEntryId(outcome.journalEntryId());
      } else {
        var m = LedgerMapping.movementFact(fact.movement);
        if (charts.inForceAt(Instant.ofEpochMilli(fact.timeMillis())).isEmpty()) {
          return false;
        }
        ledger = load(account);
        before = ledger.nextDeadline();
        outcome = ledger.post(m, charts, call.watermark());
      }
    } catch (PostingException e) {
      // A chart is in force (checked above), so the legal entity is what is missing.
      reject(fact, UNKNOWN_LEGAL_ENTITY, e.getMessage(), call);
      return true;
    } catch (IllegalArgumentException e) {
      reject(fact, INVALID_FACT, fact.describe() + " cannot be posted: " + e.getMessage(), call);
      return true;
    }
    changed(account, ledger, before, outcome, call);
    return true;
  }

  private void hold(JournalFact fact, Callback call) throws Exception {
    fact.heldSince = call.now();
    if (!held.hold(fact, call.now(), call.timers())) {
      reject(
          fact,
          PENDING_OVERFLOW,
          "account "
              + fact.accountId()
              + " already has "
              + held.size()
              + " facts waiting for a chart of accounts (pending.max-per-account); "
              + fact.describe()
              + " was not posted; publish a chart whose effective_from covers it",
          call);
    }
  }

  // ---------------------------------------------------------------- time

  /** The account's event-time timer: days the watermark has passed are exported or finalised. */
  void onEventTimer(String account, Callback call) throws Exception {
    AccountLedger ledger = load(account);
    long before = ledger.nextDeadline();
    changed(account, ledger, before, ledger.advance(call.watermark()), call);
  }

  /**
   * A processing-time timer of the account: held facts are tried again (those past the pending
   * timeout are rejected), and the day-close timer is asked for again, since a fact posted from the
   * broadcast side (released by a chart or a rule) could not register it there. Every such release
   * leaves a held input with a timer of its own that brings us here.
   */
  void onProcessingTimer(String account, boolean heldInputs, Callback call) throws Exception {
    if (held.any()) {
      retryHeld(call, true);
      heldInputs = true;
    }
    if (heldInputs) {
      long deadline = load(account).nextDeadline();
      if (deadline != Long.MAX_VALUE) {
        call.timers().registerEventTimeTimer(deadline); // idempotent
      }
    }
  }

  /**
   * A chart arrived (broadcast side, for every account with held facts): held facts are tried
   * again. The marker is left alone while the backend iterates it.
   */
  void onChart(Callback call) throws Exception {
    retryHeld(call, false);
  }

  private void retryHeld(Callback call, boolean mayClearMarker) throws Exception {
    // With the keyed timers, a fact kept gets a timer at its deadline: one held from the broadcast
    // side has none yet.
    held.retry(
        call.now(),
        0,
        mayClearMarker,
        call.timers(),
        fact -> tryPost(fact, call),
        fact -> {
          reject(
              fact,
              NO_CHART,
              "no chart of accounts in force at "
                  + Instant.ofEpochMilli(fact.timeMillis())
                  + " for "
                  + fact.describe()
                  + " after waiting "
                  + config.pendingTimeout()
                  + " (pending.timeout); publish a chart whose effective_from is at or before that time",
              call);
          return true;
        });
  }

  // ---------------------------------------------------------------- state and outputs

  private AccountLedger load(String account) throws Exception {
    AccountLedger ledger = cache.get(account);
    if (ledger == null) {
      byte[] bytes = stored.value();
      ledger =
          bytes == null ? new AccountLedger(settings) : AccountLedger.fromBytes(bytes, settings);
      cache.put(account, ledger);
    }
    return ledger;
  }

  /**
   * Stores the ledger after a call, sends what it produced on and follows its deadline with the
   * timer.
   */
  private void changed(
      String account, AccountLedger ledger, long before, LedgerOutcome outcome, Callback call)
      throws Exception {
    if (ledger.isEmpty()) {
      stored.clear();
    } else {
      stored.update(ledger.toBytes());
    }
    for (JournalEntry e : outcome.export()) {
      call.emit(RatingPipeline.JOURNAL, LedgerMapping.toAvro(e));
    }
    posted.inc(outcome.export().size());
    for (JournalEntry e : outcome.detail()) {
      call.emit(RatingPipeline.JOURNAL_DETAIL, LedgerMapping.toAvro(e));
    }
    for (CorrectionRecord c : outcome.corrections()) {
      call.emit(RatingPipeline.CORRECTIONS, LedgerMapping.toAvro(c));
    }
    long after = ledger.nextDeadline();
    if (after != before && after != Long.MAX_VALUE && call.keyed()) {
      call.timers().registerEventTimeTimer(after);
    }
  }

  private void reject(JournalFact fact, String code, String message, Callback call) {
    RejectedEvent.Builder r =
        RejectedEvent.newBuilder()
            .setReasonCode(code)
            .setMessage(message)
            .setAccountId(fact.accountId())
            .setSourcePartition(-1)
            .setSourceOffset(-1)
            .setRejectedAt(Instant.ofEpochMilli(call.now()));
    // The original record, byte for byte as on its topic, so it can be replayed once fixed.
    if (fact.charge != null) {
      r.setEventId(fact.charge.getEventId())
          .setSourceTopic(config.chargesTopic())
          .setPayload(ByteBuffer.wrap(AvroCodec.of(Charge.class).encode(fact.charge)));
    } else {
      r.setEventId(fact.movement.getCause())
          .setSourceTopic(config.movementsTopic())
          .setPayload(
              ByteBuffer.wrap(AvroCodec.of(BalanceMovementRecord.class).encode(fact.movement)));
    }
    call.emit(RatingPipeline.LEDGER_REJECTED, r.build());
    unpostable.get(code).inc();
  }
}

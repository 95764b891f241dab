package io.rateflow.job;

import io.rateflow.account.AccountEngine;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.balances.triggers.TriggerPolicy;
import io.rateflow.rating.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The one keyed operator of the rating job: everything that must be consistent for an account lives
 * here under the account id, and each event is handled in one pass, with no further shuffle. Its
 * parts, each with its own state:
 *
 * <ul>
 *   <li>{@link KeyedAccountState}: the account's stored state (profile, de-duplication memory,
 *       period aggregates, wallet, trigger latches) and its cache;
 *   <li>{@link ConfigCatalogue}: pricing rules, promotions and charts of accounts from the
 *       broadcast side;
 *   <li>{@link KeyedLedger}: the account's general-ledger totals, closed on event-time timers;
 *   <li>{@link BalanceViews}: the latest balance view, once per checkpoint interval;
 *   <li>{@link HeldInputs}: inputs waiting for their profile or rule (and ledger facts waiting for
 *       a chart, inside {@link KeyedLedger}).
 * </ul>
 *
 * <p>A Flink adapter around {@link AccountEngine}, which makes every decision about an input; this
 * class decides <em>when</em> an input can be processed (held inputs, timers) and hands each part
 * the callback's outputs and timers ({@link Callback}), never keeping them.
 */
public class AccountProcessor
    extends KeyedBroadcastProcessFunction<String, Inbound, PricingRule, Charge> {

  /**
   * Every configuration version known, by "KIND/id@version". The broadcast state survives restarts.
   */
  public static final MapStateDescriptor<String, PricingRule> RULES =
      new MapStateDescriptor<>("rules", Types.STRING, new AvroTypeInfo<>(PricingRule.class));

  /** Marks accounts that have held inputs; iterated when a rule arrives. */
  static final ValueStateDescriptor<Long> PENDING_MARKER = HeldInputs.marker("pending");

  private final RatingConfig config;
  private final TriggerPolicy triggerPolicy;

  /** Whether events and commands wait for the rules topic's catch-up marker at every start. */
  private final boolean waitForRules;

  private transient KeyedAccountState state;
  private transient HeldInputs<Inbound> pending;
  private transient ConfigCatalogue catalogue;
  private transient AccountEngine engine;

  /** null when {@code ledger.enabled=false}. */
  private transient KeyedLedger ledger;

  private transient BalanceViews views;

  /**
   * False from every open until the catch-up marker arrives (when waiting for rules): a restored
   * operator waits again, since the rules published while it was down may not be read yet.
   */
  private transient boolean rulesCaughtUp;

  /** When the marker arrived: a held input's pending timeout counts from then at the earliest. */
  private transient long caughtUpAt;

  private transient AccountMetrics metrics;

  public AccountProcessor(RatingConfig config) {
    this(config, config.triggerPolicy());
  }

  public AccountProcessor(RatingConfig config, TriggerPolicy triggerPolicy) {
    this(config, triggerPolicy, false);
  }

  /**
   * {@code waitForRules}: hold every event and balance command until the rules input says it has
   * read what was on the rules topic at start ({@link RulesCatchUp}); commands wait too because a
   * top-up may earn a promotion from that topic. Profiles and estimates never wait.
   */
  public AccountProcessor(RatingConfig config, TriggerPolicy triggerPolicy, boolean waitForRules) {
    this.config = config;
    this.triggerPolicy = triggerPolicy;
    this.waitForRules = waitForRules;
  }

  @Override
  public void open(OpenContext openContext) {
    var rc = getRuntimeContext();
    metrics = new AccountMetrics(rc.getMetricGroup());
    state = new KeyedAccountState(rc, config);
    pending =
        new HeldInputs<>(
            rc,
            "pending",
            RatingTypes.INBOUND,
            PENDING_MARKER,
            Inbound::getHeldSince,
            config.maxPendingPerAccount(),
            config.pendingTimeout());
    catalogue =
        new ConfigCatalogue(
            config, config.ledgerEnabled(), rc.getTaskInfo().getIndexOfThisSubtask() == 0, metrics);
    engine = new AccountEngine(config, triggerPolicy, catalogue.rules());
    ledger = config.ledgerEnabled() ? new KeyedLedger(rc, config, catalogue) : null;
    views = new BalanceViews(rc, config.checkpointInterval());
    rulesCaughtUp = !waitForRules;
    caughtUpAt = 0;
  }

  private EngineOutputs outputs(Callback call) {
    return new EngineOutputs(call, metrics, ledger, views);
  }

  // ---------------------------------------------------------------- keyed side

  @Override
  public void processElement(Inbound in, ReadOnlyContext ctx, Collector<Charge> collector)
      throws Exception {
    catalogue.load(ctx.getBroadcastState(RULES));
    long now = ctx.currentProcessingTime();
    EngineOutputs out =
        outputs(
            new Callback(collector, ctx::output, ctx.timerService(), now, ctx.currentWatermark()));
    state.bind(in.getAccountId());
    out.begin(in);
    if (in.getPayload() instanceof ActivityEvent e) {
      metrics.eventProcessed(e.getEventTime().toEpochMilli(), now);
    }
    if (waitsForRules(in)) {
      if (!engine.rejectIfTooLate(in, out, now, ctx.currentWatermark())) {
        hold(in, out);
      }
      return;
    }
    RejectReason waiting = engine.process(in, state, out, now, ctx.currentWatermark());
    if (in.getPayload() instanceof AccountProfile) {
      if (pending.any()) {
        retryPending(out, true);
      }
      return;
    }
    if (waiting != null) {
      hold(in, out);
    } else {
      out.done(in);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Charge> collector)
      throws Exception {
    catalogue.load(ctx.getBroadcastState(RULES));
    String account = ctx.getCurrentKey();
    state.bind(account);
    // In BATCH runs timers fire at the end of the key, before the wall clock reaches them: their
    // own time is what says the wait is over.
    long now =
        ctx.timeDomain() == TimeDomain.PROCESSING_TIME
            ? Math.max(timestamp, ctx.currentProcessingTime())
            : ctx.currentProcessingTime();
    EngineOutputs out =
        outputs(
            new Callback(collector, ctx::output, ctx.timerService(), now, ctx.currentWatermark()));
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      periodsReached(timestamp, ctx.currentWatermark(), out);
      if (ledger != null) {
        ledger.onEventTimer(account, out.call()); // a posting day closed or became final
      }
      return;
    }
    boolean heldInputs = pending.any();
    if (heldInputs) {
      retryPending(out, true);
    }
    // Also asks for the wallet's next expiry: a wallet changed from the broadcast side (a held
    // input released by a rule or the catch-up marker) could not register its timer there, and
    // every held input has a timer of its own that brings us here.
    engine.expire(now, state, out);
    if (ledger != null) {
      ledger.onProcessingTimer(account, heldInputs, out.call());
    }
    views.onTimer(account, timestamp, state, out.call()); // last: the latest view, after the above
  }

  /**
   * Event time reached a period boundary the engine asked for: recurring items roll into their new
   * periods and minimums close. A bounded input's end (watermark MAX) is no point in time: periods
   * then advance only to the configured as-of instant ({@code rate --as-of}). Until the rules have
   * caught up the work waits, like held inputs, for the next watermark.
   */
  private void periodsReached(long timestamp, long watermark, EngineOutputs out) throws Exception {
    if (!rulesCaughtUp) {
      if (watermark != Long.MAX_VALUE) {
        out.call().timers().registerEventTimeTimer(Math.max(timestamp, watermark) + 1);
      }
      return;
    }
    if (watermark != Long.MAX_VALUE) {
      engine.advance(Math.max(timestamp, watermark), state, out, out.call().now());
    } else if (config.periodsAsOf() != null) {
      engine.advance(config.periodsAsOf().toEpochMilli(), state, out, out.call().now());
    }
  }

  private void hold(Inbound in, EngineOutputs out) throws Exception {
    long now = out.call().now();
    in.setHeldSince(now);
    if (!pending.hold(in, now, out.call().timers())) {
      engine.overflow(in, pending.size(), out, now);
      return;
    }
    metrics.held.inc();
    metrics.heldChanged(1);
  }

  /**
   * Tries every held input again; those still waiting past the pending timeout are rejected with
   * what they waited for. Returns how many inputs the account still holds.
   */
  private int retryPending(EngineOutputs out, boolean mayClearMarker) throws Exception {
    long now = out.call().now();
    int before = pending.size();
    // expiry is reported right after the failed attempt on the same input: its reason is still here
    RejectReason[] waitingFor = new RejectReason[1];
    pending.retry(
        now,
        caughtUpAt,
        mayClearMarker,
        out.call().timers(),
        in -> {
          out.begin(in);
          waitingFor[0] =
              waitsForRules(in) ? RejectReason.RULES_LOADING : engine.retry(in, state, out, now);
          if (waitingFor[0] == null) {
            out.done(in);
          }
          return waitingFor[0] == null;
        },
        in -> {
          if (waitingFor[0] == RejectReason.RULES_LOADING) {
            return false; // no timeout for the rules at start-up: the marker releases it
          }
          engine.timedOut(in, waitingFor[0], out, now);
          return true;
        });
    int after = pending.size();
    metrics.heldChanged(after - before);
    return after;
  }

  /**
   * Whether an input must wait for the rules that were on the topic at start: events and commands.
   */
  private boolean waitsForRules(Inbound in) {
    return !rulesCaughtUp
        && !(in.getPayload() instanceof AccountProfile)
        && !(in.getPayload() instanceof EstimateRequest);
  }

  // ---------------------------------------------------------------- broadcast side

  @Override
  public void processBroadcastElement(PricingRule rule, Context ctx, Collector<Charge> collector)
      throws Exception {
    var rules = ctx.getBroadcastState(RULES);
    catalogue.load(rules);
    // no keyed timers from the broadcast side
    Callback call =
        new Callback(
            collector, ctx::output, null, ctx.currentProcessingTime(), ctx.currentWatermark());
    if (RulesCatchUp.isMarker(rule)) {
      if (!rulesCaughtUp) {
        rulesCaughtUp = true;
        caughtUpAt = call.now();
        retryAllHeld(ctx, call);
      }
      return;
    }
    switch (catalogue.add(rule, rules, call)) {
      case RULE -> retryAllHeld(ctx, call); // inputs held for want of this rule can go now
      case CHART ->
          ctx.applyToKeyedState(
              KeyedLedger.PENDING_MARKER,
              (account, marker) -> {
                if (marker.value() != null) {
                  state.bind(account);
                  ledger.onChart(call);
                }
              });
      case NOTHING -> {}
    }
  }

  /**
   * Retries the held inputs of every account that has some (from the broadcast side). Having seen
   * them all, it recounts the held-inputs gauge exactly (after a restore it starts from 0).
   */
  private void retryAllHeld(Context ctx, Callback call) throws Exception {
    long[] stillHeld = new long[1];
    EngineOutputs out = outputs(call);
    ctx.applyToKeyedState(
        PENDING_MARKER,
        (account, marker) -> {
          if (marker.value() != null) {
            state.bind(account);
            stillHeld[0] += retryPending(out, false);
          }
        });
    metrics.heldRecounted(stillHeld[0]);
  }

  /** This instance's metrics, for tests. */
  AccountMetrics metrics() {
    return metrics;
  }

  /** This instance's balance views, for tests. */
  BalanceViews views() {
    return views;
  }
}

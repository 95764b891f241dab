package io.rateflow.job;

import io.rateflow.account.AccountEngine;
import io.rateflow.account.AccountOutputs;
import io.rateflow.account.RuleCatalogue;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RuleKind;
import io.rateflow.balances.triggers.TriggerPolicy;
import io.rateflow.pricing.RuleSet;
import io.rateflow.rating.RejectReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The one keyed operator of the rating job: everything that must be consistent for an account
 * (profile, de-duplication memory, period aggregates, balances, trigger latches, inputs waiting for
 * their profile or rule) lives here under the account id; pricing rules and promotions arrive on
 * the broadcast side.
 *
 * <p>A Flink adapter around {@link AccountEngine}, which makes every decision about an input; this
 * class decides <em>when</em> an input can be processed (held inputs, timers), keeps the state
 * ({@link KeyedAccountState}) and routes the results to the output and side outputs.
 */
public class AccountProcessor extends KeyedBroadcastProcessFunction<String, Inbound, PricingRule, Charge> {

  /** Every configuration version known, by "KIND/id@version". The broadcast state survives restarts. */
  public static final MapStateDescriptor<String, PricingRule> RULES =
      new MapStateDescriptor<>("rules", Types.STRING, new AvroTypeInfo<>(PricingRule.class));

  /** Marks accounts that have held inputs; iterated when a rule arrives. */
  static final ValueStateDescriptor<Long> PENDING_MARKER = HeldInputs.marker("pending");

  /** Where side outputs go in the callback being processed: both broadcast contexts can emit. */
  private interface SideOutputs {
    <X> void output(OutputTag<X> tag, X value);
  }

  private final RatingConfig config;
  private final TriggerPolicy triggerPolicy;
  /** Whether events and commands wait for the rules topic's catch-up marker at every start. */
  private final boolean waitForRules;

  private transient KeyedAccountState state;
  private transient HeldInputs<Inbound> pending;

  /** Parsed views of the broadcast state; rebuilt lazily after a restore. */
  private transient RuleCatalogue catalogue;
  private transient AccountEngine engine;
  private transient boolean configLoaded;

  /**
   * False from every open until the catch-up marker arrives (when waiting for rules): a restored
   * operator waits again, since the rules published while it was down may not be read yet.
   */
  private transient boolean rulesCaughtUp;
  /** When the marker arrived: a held input's pending timeout counts from then at the earliest. */
  private transient long caughtUpAt;

  private transient AccountMetrics metrics;

  /** The outputs of the callback being processed; rebound at the top of each callback. */
  private transient Emitter out;

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
    state = new KeyedAccountState(rc, config);
    pending = new HeldInputs<>(rc, "pending", RatingTypes.INBOUND, PENDING_MARKER, Inbound::getHeldSince,
        config.maxPendingPerAccount(), config.pendingTimeout());
    catalogue = new RuleCatalogue();
    engine = new AccountEngine(config, triggerPolicy, catalogue);
    configLoaded = false;
    rulesCaughtUp = !waitForRules;
    caughtUpAt = 0;
    metrics = new AccountMetrics(rc.getMetricGroup());
    out = new Emitter();
  }

  // ---------------------------------------------------------------- keyed side

  @Override
  public void processElement(Inbound in, ReadOnlyContext ctx, Collector<Charge> collector) throws Exception {
    out.bind(collector, ctx::output, ctx.timerService());
    loadConfig(ctx.getBroadcastState(RULES));
    long now = ctx.currentProcessingTime();
    state.bind(in.getAccountId());
    out.begin(in);
    if (in.getPayload() instanceof ActivityEvent e) {
      metrics.eventProcessed(e.getEventTime().toEpochMilli(), now);
    }
    if (waitsForRules(in)) {
      if (!engine.rejectIfTooLate(in, out, now, ctx.currentWatermark())) {
        hold(in, now);
      }
      return;
    }
    RejectReason waiting = engine.process(in, state, out, now, ctx.currentWatermark());
    if (in.getPayload() instanceof AccountProfile) {
      if (pending.any()) {
        retryPending(now, true);
      }
      return;
    }
    if (waiting != null) {
      hold(in, now);
    } else {
      out.done(in);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Charge> collector) throws Exception {
    out.bind(collector, ctx::output, ctx.timerService());
    loadConfig(ctx.getBroadcastState(RULES));
    state.bind(ctx.getCurrentKey());
    // In BATCH runs timers fire at the end of the key, before the wall clock reaches them: their
    // own time is what says the wait is over.
    long now = Math.max(timestamp, ctx.currentProcessingTime());
    retryPending(now, true);
    // Also asks for the wallet's next expiry: a wallet changed from the broadcast side (a held
    // input released by a rule or the catch-up marker) could not register its timer there, and
    // every held input has a timer of its own that brings us here.
    engine.expire(now, state, out);
  }

  private void hold(Inbound in, long now) throws Exception {
    in.setHeldSince(now);
    if (!pending.hold(in, now, out.timers)) {
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
  private int retryPending(long now, boolean mayClearMarker) throws Exception {
    int before = pending.size();
    // expiry is reported right after the failed attempt on the same input: its reason is still here
    RejectReason[] waitingFor = new RejectReason[1];
    pending.retry(now, caughtUpAt, mayClearMarker, out.timers,
        in -> {
          out.begin(in);
          waitingFor[0] = waitsForRules(in) ? RejectReason.RULES_LOADING : engine.retry(in, state, out, now);
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

  /** Whether an input must wait for the rules that were on the topic at start: events and commands. */
  private boolean waitsForRules(Inbound in) {
    return !rulesCaughtUp && !(in.getPayload() instanceof AccountProfile) && !(in.getPayload() instanceof EstimateRequest);
  }

  // ---------------------------------------------------------------- broadcast side

  @Override
  public void processBroadcastElement(PricingRule rule, Context ctx, Collector<Charge> collector) throws Exception {
    out.bind(collector, ctx::output, null); // no keyed timers from the broadcast side
    BroadcastState<String, PricingRule> rules = ctx.getBroadcastState(RULES);
    loadConfig(rules);
    if (RulesCatchUp.isMarker(rule)) {
      if (!rulesCaughtUp) {
        rulesCaughtUp = true;
        caughtUpAt = ctx.currentProcessingTime();
        retryAllHeld(ctx, caughtUpAt);
      }
      return;
    }
    if (rule.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
      return; // read by the ledger
    }
    String key = key(rule);
    PricingRule known = rules.get(key);
    if (known != null) {
      if (!known.getDocument().equals(rule.getDocument()) && isFirstSubtask()) {
        // Every parallel instance sees this record; one rejection is enough.
        ctx.output(RatingPipeline.REJECTED_RULES, RuleDecoder.rejection(rule, List.of(rule.getSourceName()
            + ": " + key + " was already published with different content; publish it as a new version"),
            ctx.currentProcessingTime()));
        metrics.rulesRejected.inc();
      }
      return;
    }
    if (!catalogue.add(rule)) {
      return; // RuleDecoder already rejected it, once; the previous version stays in force
    }
    rules.put(key, rule);
    long watermark = ctx.currentWatermark();
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      for (RuleSet dropped : catalogue.book().evictBefore(Instant.ofEpochMilli(watermark - config.allowedLateness().toMillis()))) {
        rules.remove(RuleKind.PRICING + "/" + dropped.id() + "@" + dropped.version());
      }
    }
    metrics.rules.publish(catalogue.book().versions());
    // Inputs held for want of this rule can go now.
    retryAllHeld(ctx, ctx.currentProcessingTime());
  }

  /**
   * Retries the held inputs of every account that has some (from the broadcast side). Having seen
   * them all, it recounts the held-inputs gauge exactly (after a restore it starts from 0).
   */
  private void retryAllHeld(Context ctx, long now) throws Exception {
    long[] stillHeld = new long[1];
    ctx.applyToKeyedState(PENDING_MARKER, (account, marker) -> {
      if (marker.value() != null) {
        state.bind(account);
        stillHeld[0] += retryPending(now, false);
      }
    });
    metrics.heldRecounted(stillHeld[0]);
  }

  private static String key(PricingRule r) {
    return r.getKind() + "/" + r.getRuleSetId() + "@" + r.getVersion();
  }

  /** This instance's metrics, for tests. */
  AccountMetrics metrics() {
    return metrics;
  }

  private boolean isFirstSubtask() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  private void loadConfig(ReadOnlyBroadcastState<String, PricingRule> rules) throws Exception {
    if (configLoaded) {
      return;
    }
    for (Map.Entry<String, PricingRule> entry : rules.immutableEntries()) {
      catalogue.add(entry.getValue());
    }
    configLoaded = true;
    metrics.rules.publish(catalogue.book().versions());
  }

  /** The engine's outputs in the callback being processed: the main output, side outputs, timers. */
  private final class Emitter implements AccountOutputs {
    private Collector<Charge> charges;
    private SideOutputs side;
    /** null on the broadcast side, where keyed timers cannot be registered. */
    private TimerService timers;
    /** The input being decided, for counting balance-command outcomes; null between inputs. */
    private Inbound current;
    private boolean currentRejected;

    void bind(Collector<Charge> charges, SideOutputs side, TimerService timers) {
      this.charges = charges;
      this.side = side;
      this.timers = timers;
    }

    /** The engine is about to decide {@code in}: what it rejects from now on is this input. */
    void begin(Inbound in) {
      current = in;
      currentRejected = false;
    }

    /** The engine is done with {@code in} (not held): a command that was not rejected was applied. */
    void done(Inbound in) {
      if (in == current && !currentRejected && in.getPayload() instanceof BalanceCommand) {
        metrics.commandsApplied.inc();
      }
      current = null;
    }

    @Override
    public void charge(Charge charge) {
      try {
        charges.collect(charge);
      } catch (RuntimeException downstream) {
        throw new EmitFailure(downstream);
      }
      metrics.charge(charge);
    }

    /** A side output; a failure behind it is the chained operator's, never the input's. */
    private <X> void emit(OutputTag<X> tag, X value) {
      try {
        side.output(tag, value);
      } catch (RuntimeException downstream) {
        throw new EmitFailure(downstream);
      }
    }

    @Override
    public void rejected(RejectedEvent r) {
      emit(RatingPipeline.REJECTED, r);
      metrics.rejected.inc();
      if (current != null && current.getPayload() instanceof BalanceCommand) {
        currentRejected = true;
        metrics.commandsRejected.get(r.getReasonCode()).inc();
      }
    }

    @Override
    public void movement(BalanceMovementRecord m) {
      emit(RatingPipeline.MOVEMENTS, m);
    }

    @Override
    public void balance(BalanceView v) {
      emit(RatingPipeline.BALANCES, v);
    }

    @Override
    public void trigger(PromotionTriggerRecord t) {
      emit(RatingPipeline.TRIGGERS, t);
      metrics.triggers.get(t.getKind()).inc();
    }

    @Override
    public void estimate(EstimateResponse r) {
      emit(RatingPipeline.ESTIMATES, r);
    }

    @Override
    public void expiryTimer(long at) {
      if (timers != null) {
        timers.registerProcessingTimeTimer(at);
      }
    }

    @Override
    public void rated(ActivityEvent event) {
      metrics.rated.inc();
    }
  }
}

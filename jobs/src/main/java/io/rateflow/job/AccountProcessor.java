package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.avro.UsageState;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PriceBook;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.RuleValidationException;
import io.rateflow.pricing.Usage;
import io.rateflow.rating.RejectReason;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The one keyed operator of the rating job: everything that must be consistent for an account
 * (profile, de-duplication memory, period aggregates, events waiting for their profile or rule)
 * lives here under the account id, and the pricing rules arrive on the broadcast side.
 *
 * <p>It is a thin adapter: prices come from {@link RuleSet#rate}, rule selection from {@link
 * PriceBook}; this class only decides <em>when</em> an event can be rated and keeps the state.
 */
public class AccountProcessor extends KeyedBroadcastProcessFunction<String, Inbound, PricingRule, Charge> {

  /** Every rule version known, by "id@version". The broadcast state survives restarts. */
  public static final MapStateDescriptor<String, PricingRule> RULES =
      new MapStateDescriptor<>("rules", Types.STRING, new AvroTypeInfo<>(PricingRule.class));

  /** Marks accounts that have held events; iterated when a rule arrives, never written then. */
  static final ValueStateDescriptor<Long> PENDING_MARKER = new ValueStateDescriptor<>("pending-marker", Types.LONG);

  private final RatingConfig config;

  private transient ValueState<AccountProfile> profile;
  private transient MapState<String, Boolean> seen;
  private transient MapState<String, UsageState> usage;
  private transient ListState<Inbound> pending;
  private transient ValueState<Integer> pendingCount;
  private transient ValueState<Long> pendingMarker;

  /** Parsed view of the broadcast state; rebuilt lazily after a restore. */
  private transient PriceBook book;
  private transient boolean bookLoaded;

  private transient Counter rated;
  private transient Counter rejected;
  private transient Counter held;

  // The outputs of the callback being processed; set at the top of each callback.
  private transient Collector<Charge> charges;
  private transient Consumer<RejectedEvent> rejects;

  public AccountProcessor(RatingConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    var rc = getRuntimeContext();
    profile = rc.getState(new ValueStateDescriptor<>("profile", new AvroTypeInfo<>(AccountProfile.class)));

    MapStateDescriptor<String, Boolean> seenDesc = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
    seenDesc.enableTimeToLive(ttl(config.dedupWindow()));
    seen = rc.getMapState(seenDesc);

    MapStateDescriptor<String, UsageState> usageDesc =
        new MapStateDescriptor<>("usage", Types.STRING, new AvroTypeInfo<>(UsageState.class));
    // A period's aggregate is needed until the period is over plus the allowed lateness; the
    // longest period is a calendar month.
    usageDesc.enableTimeToLive(ttl(Duration.ofDays(32).plus(config.allowedLateness())));
    usage = rc.getMapState(usageDesc);

    pending = rc.getListState(new ListStateDescriptor<>("pending", new AvroTypeInfo<>(Inbound.class)));
    pendingCount = rc.getState(new ValueStateDescriptor<>("pending-count", Types.INT));
    pendingMarker = rc.getState(PENDING_MARKER);

    book = new PriceBook();
    bookLoaded = false;
    var metrics = rc.getMetricGroup();
    rated = metrics.counter("eventsRated");
    rejected = metrics.counter("eventsRejected");
    held = metrics.counter("eventsHeld");
  }

  private static StateTtlConfig ttl(Duration d) {
    return StateTtlConfig.newBuilder(d)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  // ---------------------------------------------------------------- keyed side

  @Override
  public void processElement(Inbound in, ReadOnlyContext ctx, Collector<Charge> out) throws Exception {
    charges = out;
    rejects = r -> ctx.output(RatingPipeline.REJECTED, r);
    loadBook(ctx.getBroadcastState(RULES));
    long now = ctx.currentProcessingTime();
    if (in.getPayload() instanceof AccountProfile p) {
      profile.update(p);
      if (pendingMarker.value() != null) {
        retryPending(now, true);
      }
      return;
    }
    if (!(in.getPayload() instanceof ActivityEvent e)) {
      return; // TODO balance commands and estimates
    }
    long watermark = ctx.currentWatermark();
    // Late beyond the horizon: the rule versions of its time may be gone. MIN means no watermark
    // yet; MAX means the input has ended (bounded runs), which makes nothing late.
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE
        && e.getEventTime().toEpochMilli() + config.allowedLateness().toMillis() < watermark) {
      reject(in, e, RejectReason.TOO_LATE.name(),
          "event_time " + e.getEventTime() + " is older than the allowed lateness " + config.allowedLateness()
              + " behind the watermark " + Instant.ofEpochMilli(watermark), now);
      return;
    }
    RejectReason waitingFor = tryRate(in, e, now);
    if (waitingFor != null) {
      hold(in, now, ctx);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Charge> out) throws Exception {
    charges = out;
    rejects = r -> ctx.output(RatingPipeline.REJECTED, r);
    loadBook(ctx.getBroadcastState(RULES));
    // In BATCH runs timers fire at the end of the key, before the wall clock reaches them: their
    // own time is what says the wait is over.
    retryPending(Math.max(timestamp, ctx.currentProcessingTime()), true);
  }

  /**
   * Rates the event if its profile and rule are there. Returns null when the event is done
   * (charged or rejected), or what it is still waiting for.
   */
  private RejectReason tryRate(Inbound in, ActivityEvent e, long now) throws Exception {
    if (seen.contains(e.getEventId())) {
      reject(in, e, RejectReason.DUPLICATE.name(), "event " + e.getEventId() + " was already rated for account "
          + e.getAccountId() + "; a retry never charges twice", now);
      return null;
    }
    AccountProfile p = profile.value();
    if (p == null) {
      return RejectReason.UNKNOWN_ACCOUNT;
    }
    if (p.getStatus() != AccountStatus.ACTIVE) {
      RejectReason r = p.getStatus() == AccountStatus.SUSPENDED ? RejectReason.ACCOUNT_SUSPENDED : RejectReason.ACCOUNT_CLOSED;
      reject(in, e, r.name(), "account " + p.getAccountId() + " is " + p.getStatus(), now);
      return null;
    }
    AccountContext account = new AccountContext(p.getAccountId(), p.getPlan(), p.getSegment(), p.getCurrency(), ZoneId.of(p.getTimeZone()));
    var ruleSet = book.select(account, e.getMeter(), e.getEventTime());
    if (ruleSet.isEmpty()) {
      return book.knowsMeter(e.getMeter()) ? RejectReason.NO_PRICE : RejectReason.UNKNOWN_METER;
    }
    RuleSet rules = ruleSet.get();
    String period = rules.periodOf(e.getMeter(), account, e.getEventTime());
    String usageKey = e.getMeter() + "|" + period;
    MeterAggregate before = toAggregate(usage.get(usageKey), period);
    Usage u = new Usage(e.getEventId(), e.getMeter(), e.getQuantity(), e.getEventTime(),
        e.getAttributes(), e.getValue(), e.getUnitPrice());
    RatingResult result = rules.rate(account, u, before);
    if (result instanceof RatingResult.Refused refused) {
      reject(in, e, refused.reasonCode(), refused.message() + " (rule set " + rules.id() + " v" + rules.version() + ")", now);
      return null;
    }
    RatingResult.Priced priced = (RatingResult.Priced) result;
    usage.put(usageKey, toState(priced.after()));
    seen.put(e.getEventId(), Boolean.TRUE);
    charges.collect(ChargeFactory.charge(in, e, p, priced, now));
    rated.inc();
    return null;
  }

  private void hold(Inbound in, long now, ReadOnlyContext ctx) throws Exception {
    Integer count = pendingCount.value();
    int n = count == null ? 0 : count;
    ActivityEvent e = (ActivityEvent) in.getPayload();
    if (n >= config.maxPendingPerAccount()) {
      reject(in, e, RejectReason.PENDING_OVERFLOW.name(), "account " + e.getAccountId() + " already has " + n
          + " events waiting for their profile or rule (pending.max-per-account)", now);
      return;
    }
    in.setHeldSince(now);
    pending.add(in);
    pendingCount.update(n + 1);
    if (pendingMarker.value() == null) {
      pendingMarker.update(now);
    }
    held.inc();
    // Round up to the second so that a burst of held events shares one timer.
    long deadline = now + config.pendingTimeout().toMillis();
    ctx.timerService().registerProcessingTimeTimer((deadline / 1000 + 1) * 1000);
  }

  /**
   * Tries every held event again; those still waiting past the pending timeout are rejected with
   * what they waited for. {@code mayClearMarker} is false while the broadcast side iterates the
   * marker state itself.
   */
  private void retryPending(long now, boolean mayClearMarker) throws Exception {
    Iterable<Inbound> held = pending.get();
    List<Inbound> still = new ArrayList<>();
    if (held != null) {
      for (Inbound in : held) {
        ActivityEvent e = (ActivityEvent) in.getPayload();
        RejectReason waitingFor = tryRate(in, e, now);
        if (waitingFor == null) {
          continue;
        }
        if (now >= in.getHeldSince() + config.pendingTimeout().toMillis()) {
          reject(in, e, waitingFor.name(), waitedFor(waitingFor, e), now);
        } else {
          still.add(in);
        }
      }
    }
    if (still.isEmpty()) {
      pending.clear();
      pendingCount.clear();
      if (mayClearMarker) {
        pendingMarker.clear();
      }
    } else {
      pending.update(still);
      pendingCount.update(still.size());
    }
  }

  private String waitedFor(RejectReason reason, ActivityEvent e) {
    String waited = " after waiting " + config.pendingTimeout() + " (pending.timeout)";
    return switch (reason) {
      case UNKNOWN_ACCOUNT -> "no profile for account " + e.getAccountId() + " on the accounts topic" + waited;
      case UNKNOWN_METER -> "no rule set prices meter '" + e.getMeter() + "'" + waited;
      default -> "no price list in force for meter '" + e.getMeter() + "' at " + e.getEventTime()
          + " in the account's currency and segment" + waited;
    };
  }

  private void reject(Inbound in, ActivityEvent e, String code, String message, long now) {
    rejects.accept(Rejections.of(in, code, message, e.getEventId(), now));
    rejected.inc();
  }

  // ---------------------------------------------------------------- broadcast side

  @Override
  public void processBroadcastElement(PricingRule rule, Context ctx, Collector<Charge> out) throws Exception {
    charges = out;
    rejects = r -> ctx.output(RatingPipeline.REJECTED, r);
    BroadcastState<String, PricingRule> state = ctx.getBroadcastState(RULES);
    loadBook(state);
    if (rule.getKind() != RuleKind.PRICING) {
      return; // promotions and the chart of accounts are read by other operators
    }
    String key = rule.getRuleSetId() + "@" + rule.getVersion();
    PricingRule known = state.get(key);
    if (known != null) {
      if (!known.getDocument().equals(rule.getDocument()) && isFirstSubtask()) {
        // Every parallel instance sees this record; one rejection is enough.
        ctx.output(RatingPipeline.REJECTED_RULES, RuleDecoder.rejection(rule, List.of(rule.getSourceName()
            + ": rule set " + key + " was already published with different content; publish it as a new version"),
            ctx.currentProcessingTime()));
      }
      return;
    }
    RuleSet parsed;
    try {
      parsed = RuleParser.parse(rule.getDocument(), rule.getSourceName());
    } catch (RuleValidationException e) {
      return; // RuleDecoder already rejected it, once; the previous version stays in force
    }
    state.put(key, rule);
    book.add(parsed);
    long watermark = ctx.currentWatermark();
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      for (RuleSet dropped : book.evictBefore(Instant.ofEpochMilli(watermark - config.allowedLateness().toMillis()))) {
        state.remove(dropped.id() + "@" + dropped.version());
      }
    }
    long now = ctx.currentProcessingTime();
    // Events held for want of this rule can go now.
    ctx.applyToKeyedState(PENDING_MARKER, (account, marker) -> {
      if (marker.value() != null) {
        retryPending(now, false);
      }
    });
  }

  private boolean isFirstSubtask() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  private void loadBook(ReadOnlyBroadcastState<String, PricingRule> state) throws Exception {
    if (bookLoaded) {
      return;
    }
    for (Map.Entry<String, PricingRule> entry : state.immutableEntries()) {
      PricingRule r = entry.getValue();
      book.add(RuleParser.parse(r.getDocument(), r.getSourceName()));
    }
    bookLoaded = true;
  }

  // ---------------------------------------------------------------- state mapping

  private static MeterAggregate toAggregate(UsageState s, String period) {
    if (s == null) {
      return MeterAggregate.empty(period);
    }
    return new MeterAggregate(s.getPeriod(), new BigDecimal(s.getAggregate()), new LinkedHashSet<>(s.getUniques()));
  }

  private static UsageState toState(MeterAggregate a) {
    return new UsageState(a.period(), a.aggregate().toPlainString(), new ArrayList<>(a.uniques()));
  }
}

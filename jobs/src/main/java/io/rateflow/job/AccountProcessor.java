package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.FundingPart;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.avro.UsageState;
import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BalanceMovement;
import io.rateflow.balances.BalanceSnapshot;
import io.rateflow.balances.CommandResult;
import io.rateflow.balances.Expiration;
import io.rateflow.balances.Funding;
import io.rateflow.balances.FundingLine;
import io.rateflow.balances.Grant;
import io.rateflow.balances.TopUp;
import io.rateflow.balances.Wallet;
import io.rateflow.balances.WalletCodec;
import io.rateflow.balances.promotions.PromotionActions;
import io.rateflow.balances.promotions.PromotionBook;
import io.rateflow.balances.promotions.PromotionDocumentException;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.balances.promotions.PromotionFact;
import io.rateflow.balances.promotions.PromotionOffer;
import io.rateflow.balances.promotions.PromotionRule;
import io.rateflow.balances.triggers.Trigger;
import io.rateflow.balances.triggers.TriggerBook;
import io.rateflow.balances.triggers.TriggerEvaluation;
import io.rateflow.balances.triggers.TriggerPolicy;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
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
 * <p>It is a thin adapter: prices come from {@link RuleSet#rate}, rule selection from {@link
 * PriceBook}, funding from {@link Wallet}, triggers from {@link TriggerBook}, promotions from
 * {@link PromotionBook}; this class decides <em>when</em> an input can be processed, keeps the
 * state and emits the results.
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

  private transient ValueState<AccountProfile> profile;
  private transient MapState<String, Boolean> seen;
  private transient MapState<String, UsageState> usage;
  private transient HeldInputs<Inbound> pending;
  private transient ValueState<byte[]> wallet;
  private transient MapState<String, String> triggerLatches;
  private transient MapState<String, Boolean> metersUsed;

  /**
   * Recently used accounts' hot state (profile, wallet, period aggregates, trigger latches, meters
   * used), so the hot path reads RocksDB and decodes only on a miss; every write still goes to the
   * state (write-through), which stays the only thing checkpointed. Safe because every write to those
   * states goes through this instance, which owns the key; a restore or rescale starts with an empty
   * cache.
   */
  private static final int ACCOUNT_CACHE_SIZE = 20_000;
  /** Period aggregates kept per cached account: a handful of meters in one or two periods. */
  private static final int USAGE_CACHE_PER_ACCOUNT = 16;

  private transient Map<String, Account> accounts;
  /** The period aggregates' TTL: a cached aggregate older than this counts as gone, as in the state. */
  private transient long usageTtlMillis;

  /** What the cache knows of one account. */
  private static final class Account {
    private AccountProfile profile;
    private AccountContext context;
    /** null: not known yet. */
    private Boolean hasWallet;
    /** The stored wallet, decoded; null: not decoded yet (or none, see hasWallet). */
    private Wallet wallet;
    /** Period aggregates by usage key, as stored, with when they were written. */
    private final Map<String, CachedAggregate> usage = new HashMap<>(4);
    /** The trigger latches as stored; null: not read yet. */
    private Map<String, String> latches;
    /** Meters known to be in the meters-used state (only positives are cached). */
    private final java.util.Set<String> metersUsed = new java.util.HashSet<>(4);

    void profile(AccountProfile p) {
      profile = p;
      context = accountContext(p);
    }

    AccountContext context() {
      return context;
    }
  }

  /** Parsed views of the broadcast state; rebuilt lazily after a restore. */
  private transient PriceBook book;
  private transient Map<String, PricingRule> promotionDocs;
  private transient PromotionBook promotions;
  private transient boolean configLoaded;

  private transient Counter rated;
  private transient Counter rejected;
  private transient Counter held;

  // The outputs of the callback being processed; set at the top of each callback.
  private transient Collector<Charge> charges;
  private transient SideOutputs side;
  private transient TimerService timers;

  public AccountProcessor(RatingConfig config) {
    this(config, config.triggerPolicy());
  }

  public AccountProcessor(RatingConfig config, TriggerPolicy triggerPolicy) {
    this.config = config;
    this.triggerPolicy = triggerPolicy;
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
    usageDesc.enableTimeToLive(ttl(usageTtl()));
    usageTtlMillis = usageTtl().toMillis();
    usage = rc.getMapState(usageDesc);

    pending = new HeldInputs<>(rc, "pending", new AvroTypeInfo<>(Inbound.class), PENDING_MARKER, Inbound::getHeldSince,
        config.maxPendingPerAccount(), config.pendingTimeout());
    // The wallet in its own compact, versioned encoding: a few hundred bytes for a typical account.
    wallet = rc.getState(new ValueStateDescriptor<>("wallet", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    triggerLatches = rc.getMapState(new MapStateDescriptor<>("trigger-latches", Types.STRING, Types.STRING));
    metersUsed = rc.getMapState(new MapStateDescriptor<>("meters-used", Types.STRING, Types.BOOLEAN));

    accounts = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
        return size() > ACCOUNT_CACHE_SIZE;
      }
    };
    book = new PriceBook();
    promotionDocs = new TreeMap<>();
    promotions = new PromotionBook(List.of());
    configLoaded = false;
    var metrics = rc.getMetricGroup();
    rated = metrics.counter("eventsRated");
    rejected = metrics.counter("eventsRejected");
    held = metrics.counter("eventsHeld");
  }

  /** A period aggregate as written to the state, and when: past the state's TTL it counts as gone. */
  private record CachedAggregate(MeterAggregate aggregate, long writtenAt) {}

  private Duration usageTtl() {
    // A period's aggregate is needed until the period is over plus the allowed lateness; the
    // longest period is a calendar month.
    return Duration.ofDays(32).plus(config.allowedLateness());
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
    side = ctx::output;
    timers = ctx.timerService();
    loadConfig(ctx.getBroadcastState(RULES));
    long now = ctx.currentProcessingTime();
    Object payload = in.getPayload();
    if (payload instanceof AccountProfile p) {
      profile.update(p);
      // a copy: the input record is Flink's, not ours to keep
      cached(p.getAccountId()).profile(AccountProfile.newBuilder(p).build());
      if (pending.any()) {
        retryPending(now, true);
      }
      return;
    }
    if (payload instanceof EstimateRequest request) {
      side.output(RatingPipeline.ESTIMATES, estimate(request, now));
      return;
    }
    if (payload instanceof ActivityEvent e) {
      long watermark = ctx.currentWatermark();
      // Late beyond the horizon: the rule versions of its time may be gone. MIN means no watermark
      // yet; MAX means the input has ended (bounded runs), which makes nothing late.
      if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE
          && e.getEventTime().toEpochMilli() + config.allowedLateness().toMillis() < watermark) {
        reject(in, RejectReason.TOO_LATE.name(),
            "event_time " + e.getEventTime() + " is older than the allowed lateness " + config.allowedLateness()
                + " behind the watermark " + Instant.ofEpochMilli(watermark), now);
        return;
      }
    }
    if (tryProcess(in, now) != null) {
      hold(in, now);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Charge> out) throws Exception {
    charges = out;
    side = ctx::output;
    timers = ctx.timerService();
    loadConfig(ctx.getBroadcastState(RULES));
    // In BATCH runs timers fire at the end of the key, before the wall clock reaches them: their
    // own time is what says the wait is over.
    long now = Math.max(timestamp, ctx.currentProcessingTime());
    retryPending(now, true);
    expireGrants(now);
  }

  /** Processes an event or command if what it needs is there; returns what it still waits for. */
  private RejectReason tryProcess(Inbound in, long now) throws Exception {
    if (in.getPayload() instanceof ActivityEvent e) {
      return tryRate(in, e, now);
    }
    return tryCommand(in, (BalanceCommand) in.getPayload(), now);
  }

  /**
   * Rates the event if its profile and rule are there. Returns null when the event is done
   * (charged or rejected), or what it is still waiting for.
   */
  private RejectReason tryRate(Inbound in, ActivityEvent e, long now) throws Exception {
    if (seen.contains(e.getEventId())) {
      reject(in, RejectReason.DUPLICATE.name(), "event " + e.getEventId() + " was already rated for account "
          + e.getAccountId() + "; a retry never charges twice", now);
      return null;
    }
    AccountProfile p = profile(e.getAccountId());
    if (p == null) {
      return RejectReason.UNKNOWN_ACCOUNT;
    }
    if (p.getStatus() != AccountStatus.ACTIVE) {
      RejectReason r = p.getStatus() == AccountStatus.SUSPENDED ? RejectReason.ACCOUNT_SUSPENDED : RejectReason.ACCOUNT_CLOSED;
      reject(in, r.name(), "account " + p.getAccountId() + " is " + p.getStatus(), now);
      return null;
    }
    AccountContext account = cached(p.getAccountId()).context();
    Quote quote = quote(account, usage(e), now);
    if (quote == null) {
      return book.knowsMeter(e.getMeter()) ? RejectReason.NO_PRICE : RejectReason.UNKNOWN_METER;
    }
    if (quote.result() instanceof RatingResult.Refused refused) {
      reject(in, refused.reasonCode(), refused.message() + " (rule set " + quote.rules().id() + " v" + quote.rules().version() + ")", now);
      return null;
    }
    RatingResult.Priced priced = (RatingResult.Priced) quote.result();
    storeAggregate(p.getAccountId(), quote.usageKey(), priced.after(), now);
    seen.put(e.getEventId(), Boolean.TRUE);
    fund(in, e, p, priced, now);
    rated.inc();
    promote(p, e, quote.before(), priced.after());
    return null;
  }

  /** A usage priced against the rule set in force at its time and the account's aggregate so far. */
  private record Quote(RuleSet rules, String usageKey, MeterAggregate before, RatingResult result) {}

  /** Prices a usage without changing any state; null when no rule set prices it for this account. */
  private Quote quote(AccountContext account, Usage u, long now) throws Exception {
    var ruleSet = book.select(account, u.meter(), u.eventTime());
    if (ruleSet.isEmpty()) {
      return null;
    }
    RuleSet rules = ruleSet.get();
    String period = rules.periodOf(u.meter(), account, u.eventTime());
    String usageKey = u.meter() + "|" + period;
    MeterAggregate before = aggregate(account.accountId(), usageKey, period, now);
    return new Quote(rules, usageKey, before, rules.rate(account, u, before));
  }

  /**
   * Pays a priced usage from the account's balances, one charge line per source. Accounts without
   * balances (most postpaid ones) skip the wallet entirely: the whole charge is billed on account.
   */
  private void fund(Inbound in, ActivityEvent e, AccountProfile p, RatingResult.Priced priced, long now) throws Exception {
    Wallet w = loadWallet(p);
    if (w == null || !w.currency().getCurrencyCode().equals(priced.currency())) {
      charges.collect(ChargeFactory.charge(in, e, p, priced, 0, null, now));
      return;
    }
    Funding f = w.fund(e.getEventTime(), e.getMeter(), e.getQuantity(), priced.amountMinor(),
        Currency.getInstance(priced.currency()), e.getEventId());
    if (f.lines().isEmpty()) {
      // a zero charge (free tier, zero quantity) draws nothing, but the event is still rated
      charges.collect(ChargeFactory.charge(in, e, p, priced, 0, null, now));
    }
    int line = 0;
    for (FundingLine l : f.lines()) {
      Charge c = ChargeFactory.charge(in, e, p, priced, line++, l, now);
      if (f.exceedsLimit() && l.source() == io.rateflow.balances.FundingSource.ON_ACCOUNT) {
        c.setStatus("EXCEEDS_LIMIT");
      }
      charges.collect(c);
    }
    walletChanged(w, f.wallet(), f.movements(), p, e.getEventTime(), f);
  }

  /** Applies a balance command exactly once, or rejects it with the wallet's reason. */
  private RejectReason tryCommand(Inbound in, BalanceCommand c, long now) throws Exception {
    AccountProfile p = profile(c.getAccountId());
    if (p == null) {
      return RejectReason.UNKNOWN_ACCOUNT;
    }
    io.rateflow.balances.BalanceCommand command;
    try {
      command = BalanceMapping.command(c, p);
    } catch (RuntimeException ex) {
      reject(in, "INVALID_COMMAND", "command " + c.getCommandId() + ": " + ex.getMessage(), now);
      return null;
    }
    Wallet w = loadOrOpenWallet(p);
    CommandResult result = w.apply(command);
    if (result instanceof CommandResult.Rejected r) {
      reject(in, r.rejection().reason().name(), r.rejection().message(), now);
      return null;
    }
    walletChanged(w, result.wallet(), result.movements(), p, c.getIssuedAt(), null);
    if (command instanceof TopUp topUp) {
      applyPromotions(p, promotions.evaluate(new PromotionFact.ToppedUp(
          p.getAccountId(), topUp.commandId(), topUp.amountMinor(), topUp.currency(), topUp.at())));
    }
    return null;
  }

  /** Promotions that react to usage: crossing a usage threshold, and the first use of a meter. */
  private void promote(AccountProfile p, ActivityEvent e, MeterAggregate before, MeterAggregate after) throws Exception {
    if (promotions.rules().isEmpty()) {
      return;
    }
    ZoneId zone = cached(p.getAccountId()).context().zone();
    Instant periodStart = ZonedDateTime.ofInstant(e.getEventTime(), zone).withDayOfMonth(1).toLocalDate().atStartOfDay(zone).toInstant();
    applyPromotions(p, promotions.evaluate(new PromotionFact.UsageAggregate(
        p.getAccountId(), e.getMeter(), periodStart, before.aggregate(), after.aggregate(), e.getEventTime())));
    if (firstUse(p.getAccountId(), e.getMeter())) {
      applyPromotions(p, promotions.evaluate(new PromotionFact.FirstUse(p.getAccountId(), e.getMeter(), e.getEventTime())));
    }
  }

  /** Offers are published; grants are applied to the wallet (their command ids make them exactly once). */
  private void applyPromotions(AccountProfile p, PromotionActions actions) throws Exception {
    for (PromotionOffer offer : actions.offers()) {
      side.output(RatingPipeline.TRIGGERS, BalanceMapping.offer(offer));
    }
    for (Grant grant : actions.grants()) {
      Wallet w = loadOrOpenWallet(p);
      CommandResult result = w.apply(grant);
      if (result instanceof CommandResult.Applied applied) {
        side.output(RatingPipeline.TRIGGERS, BalanceMapping.grantApplied(grant, p.getAccountId()));
        walletChanged(w, applied.wallet(), applied.movements(), p, grant.at(), null);
      }
    }
  }

  /** Grants past their expiry lapse: the breakage is a movement, and the view and triggers follow. */
  private void expireGrants(long now) throws Exception {
    AccountProfile p = profile.value(); // timers are rare: no need for the cache
    Wallet w = p == null ? null : loadWallet(p);
    if (w == null || w.nextExpiry().isEmpty() || w.nextExpiry().get().toEpochMilli() > now) {
      return;
    }
    Expiration expiration = w.expire(Instant.ofEpochMilli(now));
    walletChanged(w, expiration.wallet(), expiration.movements(), p, Instant.ofEpochMilli(now), null);
  }

  /** Stores a changed wallet and emits what follows from the change: movements, view, triggers. */
  private void walletChanged(Wallet before, Wallet after, List<BalanceMovement> movements, AccountProfile p, Instant at,
      Funding funding) throws Exception {
    wallet.update(WalletCodec.encode(after));
    Account account = cached(p.getAccountId());
    account.hasWallet = Boolean.TRUE;
    account.wallet = after;
    for (BalanceMovement m : movements) {
      // top-ups and settlements are prepaid by definition; the grant of other movements may be
      // used up and dropped after the change, so look before it too
      String kind = m.kind() == io.rateflow.balances.MovementKind.TOP_UP || m.kind() == io.rateflow.balances.MovementKind.SETTLEMENT
          ? "PREPAID"
          : m.grantId() == null ? null
          : after.find(m.grantId()).or(() -> before.find(m.grantId())).map(g -> g.kind().name()).orElse(null);
      side.output(RatingPipeline.MOVEMENTS, BalanceMapping.movement(m, p, kind));
    }
    BalanceSnapshot snapshot = after.snapshot(at);
    // One view per change; the balances topic is compacted, so readers see the latest per account.
    side.output(RatingPipeline.BALANCES, BalanceMapping.view(snapshot));
    if (account.latches == null) {
      account.latches = toMap(triggerLatches);
    }
    TriggerBook latches = new TriggerBook(new TreeMap<>(account.latches));
    TriggerEvaluation evaluation = latches.evaluate(snapshot, triggerPolicy, at, funding);
    for (Trigger t : evaluation.fired()) {
      side.output(RatingPipeline.TRIGGERS, BalanceMapping.trigger(t));
    }
    if (!evaluation.book().latched().equals(latches.latched())) {
      triggerLatches.clear();
      triggerLatches.putAll(evaluation.book().latched());
      account.latches = new HashMap<>(evaluation.book().latched());
    }
    if (timers != null) {
      after.nextExpiry().ifPresent(t -> timers.registerProcessingTimeTimer(t.toEpochMilli()));
    }
  }

  /** The current key's profile, from the cache or the state. */
  private AccountProfile profile(String accountId) throws Exception {
    Account a = accounts.get(accountId);
    if (a != null && a.profile != null) {
      return a.profile;
    }
    AccountProfile p = profile.value();
    if (p != null) {
      cached(accountId).profile(p);
    }
    return p;
  }

  /** The cache entry of an account whose profile is known. */
  private Account cached(String accountId) throws Exception {
    Account a = accounts.get(accountId);
    if (a == null) {
      a = new Account();
      accounts.put(accountId, a);
    }
    if (a.profile == null) {
      AccountProfile p = profile.value();
      if (p != null) {
        a.profile(p);
      }
    }
    return a;
  }

  /** The account's aggregate of a meter in a period so far, from the cache or the state. */
  private MeterAggregate aggregate(String accountId, String usageKey, String period, long now) throws Exception {
    Account a = accounts.get(accountId);
    CachedAggregate c = a == null ? null : a.usage.get(usageKey);
    if (c != null && now - c.writtenAt() < usageTtlMillis) {
      return c.aggregate();
    }
    return toAggregate(usage.get(usageKey), period);
  }

  /** Writes a period aggregate to the state and the cache. */
  private void storeAggregate(String accountId, String usageKey, MeterAggregate after, long now) throws Exception {
    usage.put(usageKey, toState(after));
    Map<String, CachedAggregate> cachedUsage = cached(accountId).usage;
    if (cachedUsage.size() >= USAGE_CACHE_PER_ACCOUNT && !cachedUsage.containsKey(usageKey)) {
      cachedUsage.clear(); // old periods: the state has them should a late event need one
    }
    cachedUsage.put(usageKey, new CachedAggregate(after, now));
  }

  /** True the first time the account uses a meter (and remembers it). */
  private boolean firstUse(String accountId, String meter) throws Exception {
    Account a = cached(accountId);
    if (a.metersUsed.contains(meter)) {
      return false;
    }
    boolean first = !metersUsed.contains(meter);
    if (first) {
      metersUsed.put(meter, Boolean.TRUE);
    }
    a.metersUsed.add(meter);
    return first;
  }

  /** The account's wallet, or null when it has none and needs none (postpaid, never granted). */
  private Wallet loadWallet(AccountProfile p) throws Exception {
    Account cachedAccount = accounts.get(p.getAccountId());
    if (cachedAccount != null && Boolean.FALSE.equals(cachedAccount.hasWallet)) {
      return p.getPrepaidOnly() ? openWallet(p) : null;
    }
    Wallet stored = cachedAccount != null ? cachedAccount.wallet : null;
    if (stored == null) {
      byte[] bytes = wallet.value();
      stored = bytes == null ? null : WalletCodec.decode(bytes);
      if (cachedAccount != null) {
        cachedAccount.hasWallet = bytes != null;
        cachedAccount.wallet = stored;
      }
    }
    if (stored != null) {
      // mode and burn order follow the profile's current plan
      return stored.withMode(mode(p)).withBurnOrder(config.burnOrder(p.getPlan()));
    }
    return p.getPrepaidOnly() ? openWallet(p) : null;
  }

  private Wallet loadOrOpenWallet(AccountProfile p) throws Exception {
    Wallet w = loadWallet(p);
    return w != null ? w : openWallet(p);
  }

  /** A new wallet: the plan's burn order, and the profile's credit limit as the initial overdraft allowance. */
  private Wallet openWallet(AccountProfile p) {
    return Wallet.open(p.getAccountId(), Currency.getInstance(p.getCurrency()), mode(p), config.burnOrder(p.getPlan()))
        .withCreditLimit(Math.max(0, p.getCreditLimitMinor()));
  }

  private static AccountMode mode(AccountProfile p) {
    return p.getPrepaidOnly() ? AccountMode.PREPAID_ONLY : AccountMode.POSTPAID;
  }

  /** The price the account would pay now, with its tier position and balances, changing nothing. */
  private EstimateResponse estimate(EstimateRequest r, long now) throws Exception {
    EstimateResponse.Builder answer = EstimateResponse.newBuilder()
        .setRequestId(r.getRequestId()).setAccountId(r.getAccountId()).setMeter(r.getMeter())
        .setAnsweredAt(Instant.ofEpochMilli(now));
    AccountProfile p = profile(r.getAccountId());
    if (p == null) {
      return answer.setError("unknown account " + r.getAccountId()).build();
    }
    Instant at = Instant.ofEpochMilli(now);
    AccountContext account = cached(p.getAccountId()).context();
    Quote quote = quote(account, new Usage(r.getRequestId(), r.getMeter(), r.getQuantity(), at, r.getAttributes(), r.getValue(), null), now);
    if (quote == null) {
      return answer.setError("no price in force for meter '" + r.getMeter() + "' for this account now").build();
    }
    RatingResult result = quote.result();
    if (result instanceof RatingResult.Refused refused) {
      return answer.setError(refused.reasonCode() + ": " + refused.message()).build();
    }
    RatingResult.Priced priced = (RatingResult.Priced) result;
    answer.setAmountMinor(priced.amountMinor()).setCurrency(priced.currency()).setCurrencyDigits(priced.currencyDigits())
        .setRuleSetId(priced.ruleSetId()).setRuleVersion(priced.ruleVersion())
        .setBreakdown(ChargeFactory.breakdown(priced));
    List<FundingPart> parts = new ArrayList<>();
    Wallet w = loadWallet(p);
    if (w != null && w.currency().getCurrencyCode().equals(priced.currency())) {
      Funding f = w.estimate(at, r.getMeter(), r.getQuantity(), priced.amountMinor(), w.currency());
      for (FundingLine l : f.lines()) {
        parts.add(new FundingPart(l.source().name(), l.grantId(), l.amountMinor()));
      }
      answer.setExceedsLimit(f.exceedsLimit());
    } else {
      parts.add(new FundingPart("ON_ACCOUNT", null, priced.amountMinor()));
    }
    return answer.setFunding(parts).build();
  }

  private void hold(Inbound in, long now) throws Exception {
    in.setHeldSince(now);
    if (!pending.hold(in, now, timers)) {
      reject(in, RejectReason.PENDING_OVERFLOW.name(), "account " + in.getAccountId() + " already has " + pending.size()
          + " inputs waiting for their profile or rule (pending.max-per-account)", now);
      return;
    }
    held.inc();
  }

  /**
   * Tries every held input again; those still waiting past the pending timeout are rejected with
   * what they waited for.
   */
  private void retryPending(long now, boolean mayClearMarker) throws Exception {
    // expiry is reported right after the failed attempt on the same input: its reason is still here
    RejectReason[] waitingFor = new RejectReason[1];
    pending.retry(now, mayClearMarker,
        in -> (waitingFor[0] = tryProcess(in, now)) == null,
        in -> reject(in, waitingFor[0].name(), waitedFor(waitingFor[0], in), now));
  }

  private String waitedFor(RejectReason reason, Inbound in) {
    String waited = " after waiting " + config.pendingTimeout() + " (pending.timeout)";
    if (reason == RejectReason.UNKNOWN_ACCOUNT) {
      return "no profile for account " + in.getAccountId() + " on the accounts topic" + waited;
    }
    ActivityEvent e = (ActivityEvent) in.getPayload();
    return reason == RejectReason.UNKNOWN_METER
        ? "no rule set prices meter '" + e.getMeter() + "'" + waited
        : "no price list in force for meter '" + e.getMeter() + "' at " + e.getEventTime()
            + " in the account's currency and segment" + waited;
  }

  private void reject(Inbound in, String code, String message, long now) {
    String id = in.getPayload() instanceof ActivityEvent e ? e.getEventId()
        : in.getPayload() instanceof BalanceCommand c ? c.getCommandId() : null;
    side.output(RatingPipeline.REJECTED, Rejections.of(in, code, message, id, now));
    rejected.inc();
  }

  // ---------------------------------------------------------------- broadcast side

  @Override
  public void processBroadcastElement(PricingRule rule, Context ctx, Collector<Charge> out) throws Exception {
    charges = out;
    side = ctx::output;
    timers = null; // no keyed timers from the broadcast side
    BroadcastState<String, PricingRule> state = ctx.getBroadcastState(RULES);
    loadConfig(state);
    if (rule.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
      return; // read by the ledger
    }
    String key = key(rule);
    PricingRule known = state.get(key);
    if (known != null) {
      if (!known.getDocument().equals(rule.getDocument()) && isFirstSubtask()) {
        // Every parallel instance sees this record; one rejection is enough.
        ctx.output(RatingPipeline.REJECTED_RULES, RuleDecoder.rejection(rule, List.of(rule.getSourceName()
            + ": " + key + " was already published with different content; publish it as a new version"),
            ctx.currentProcessingTime()));
      }
      return;
    }
    if (!addToConfig(rule)) {
      return; // RuleDecoder already rejected it, once; the previous version stays in force
    }
    state.put(key, rule);
    long watermark = ctx.currentWatermark();
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      for (RuleSet dropped : book.evictBefore(Instant.ofEpochMilli(watermark - config.allowedLateness().toMillis()))) {
        state.remove(RuleKind.PRICING + "/" + dropped.id() + "@" + dropped.version());
      }
    }
    long now = ctx.currentProcessingTime();
    // Inputs held for want of this rule can go now.
    ctx.applyToKeyedState(PENDING_MARKER, (account, marker) -> {
      if (marker.value() != null) {
        retryPending(now, false);
      }
    });
  }

  private static String key(PricingRule r) {
    return r.getKind() + "/" + r.getRuleSetId() + "@" + r.getVersion();
  }

  private boolean isFirstSubtask() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  private void loadConfig(ReadOnlyBroadcastState<String, PricingRule> state) throws Exception {
    if (configLoaded) {
      return;
    }
    for (Map.Entry<String, PricingRule> entry : state.immutableEntries()) {
      addToConfig(entry.getValue());
    }
    configLoaded = true;
  }

  /** Adds a pricing or promotion document to the parsed views; false if it does not parse. */
  private boolean addToConfig(PricingRule r) {
    try {
      if (r.getKind() == RuleKind.PRICING) {
        book.add(RuleParser.parse(r.getDocument(), r.getSourceName()));
      } else if (r.getKind() == RuleKind.PROMOTION) {
        PromotionDocuments.parse(r.getSourceName(), r.getDocument());
        // the latest version of each promotion document is in force
        PricingRule current = promotionDocs.get(r.getRuleSetId());
        if (current == null || current.getVersion() < r.getVersion()) {
          promotionDocs.put(r.getRuleSetId(), r);
        }
        List<PromotionRule> all = new ArrayList<>();
        for (PricingRule doc : promotionDocs.values()) {
          all.addAll(PromotionDocuments.parse(doc.getSourceName(), doc.getDocument()));
        }
        promotions = new PromotionBook(all);
      }
      return true;
    } catch (RuleValidationException | PromotionDocumentException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- mapping

  private static AccountContext accountContext(AccountProfile p) {
    return new AccountContext(p.getAccountId(), p.getPlan(), p.getSegment(), p.getCurrency(), ZoneId.of(p.getTimeZone()));
  }

  private static Usage usage(ActivityEvent e) {
    return new Usage(e.getEventId(), e.getMeter(), e.getQuantity(), e.getEventTime(), e.getAttributes(), e.getValue(), e.getUnitPrice());
  }

  private static Map<String, String> toMap(MapState<String, String> state) throws Exception {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : state.entries()) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

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

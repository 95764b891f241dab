package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.FundingPart;
import io.rateflow.avro.Inbound;
import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BalanceMovement;
import io.rateflow.balances.BalanceSnapshot;
import io.rateflow.balances.ChargeStatus;
import io.rateflow.balances.CommandResult;
import io.rateflow.balances.Expiration;
import io.rateflow.balances.Funding;
import io.rateflow.balances.FundingLine;
import io.rateflow.balances.Grant;
import io.rateflow.balances.MovementKind;
import io.rateflow.balances.TopUp;
import io.rateflow.balances.Wallet;
import io.rateflow.balances.promotions.PromotionActions;
import io.rateflow.balances.promotions.PromotionFact;
import io.rateflow.balances.promotions.PromotionOffer;
import io.rateflow.balances.triggers.Trigger;
import io.rateflow.balances.triggers.TriggerBook;
import io.rateflow.balances.triggers.TriggerEvaluation;
import io.rateflow.balances.triggers.TriggerPolicy;
import io.rateflow.job.BalanceMapping;
import io.rateflow.job.ChargeFactory;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.Rejections;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.ChargeKind;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.Usage;
import io.rateflow.rating.RejectReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What happens to one input of one account: rating an event (de-duplication, profile, rule version
 * in force at its time, period aggregate, funding from the wallet, triggers, promotions), applying
 * a balance command once, answering an estimate, expiring grants. Pure Java: the streaming job's
 * {@code AccountProcessor} is a Flink adapter around it (held inputs, timers, the state cache), and
 * the soak test's reference drives it directly over the same input.
 *
 * <p>Driving it sequentially, without Flink:
 *
 * <ol>
 *   <li>add every document of the rules topic to the {@link RuleCatalogue}, in topic order;
 *   <li>per account one {@link InMemoryAccountState}, and the account's inputs in partition order:
 *       {@code RejectReason r = engine.process(in, state, out, now, watermark)} (pass {@code
 *       Long.MAX_VALUE} as the watermark to reject nothing as too late). A non-null {@code r} means
 *       the input waits for a profile or a rule: keep it, and after the account's next profile call
 *       {@link #retry} on each kept input in order; what still waits at the end is given to {@link
 *       #timedOut} with its last reason;
 *   <li>call {@link #expire} at the times {@link AccountOutputs#expiryTimer} asked for (and once
 *       with the final time): expiry is processing time in the job, so compare final balances after
 *       that call.
 * </ol>
 *
 * Held inputs, timers and any cache are the caller's business; outputs and state are passed to each
 * call.
 */
public final class AccountEngine {
  private final RatingConfig config;
  private final TriggerPolicy triggerPolicy;
  private final RuleCatalogue rules;
  private final RecurringItems recurring;
  private final MinimumSpends minimums;

  public AccountEngine(RatingConfig config, TriggerPolicy triggerPolicy, RuleCatalogue rules) {
    this.config = config;
    this.triggerPolicy = triggerPolicy;
    this.rules = rules;
    this.recurring = new RecurringItems(rules);
    this.minimums = new MinimumSpends(rules);
  }

  public AccountEngine(RatingConfig config, RuleCatalogue rules) {
    this(config, config.triggerPolicy(), rules);
  }

  public RuleCatalogue rules() {
    return rules;
  }

  /**
   * An input as it arrives: a profile is stored (the caller then retries what the account holds),
   * an estimate answered, an event older than the allowed lateness behind {@code watermark}
   * rejected, anything else processed if it can be. Returns null when the input is done, or what it
   * waits for (the reason it gets if it times out).
   */
  public RejectReason process(
      Inbound in, AccountState state, AccountOutputs out, long now, long watermark)
      throws Exception {
    Object payload = in.getPayload();
    if (payload instanceof AccountProfile p) {
      AccountProfile old = state.profile();
      state.storeProfile(p);
      profileChanged(old, state, out, now);
      return null;
    }
    if (payload instanceof EstimateRequest request) {
      out.estimate(estimate(request, state, now));
      return null;
    }
    if (rejectIfTooLate(in, out, now, watermark)) {
      return null;
    }
    return retry(in, state, out, now);
  }

  /**
   * Rejects an event older than the allowed lateness behind {@code watermark}: the rule versions of
   * its time may be gone. MIN means no watermark yet; MAX means the input has ended (bounded runs),
   * which makes nothing late. True when rejected.
   */
  public boolean rejectIfTooLate(Inbound in, AccountOutputs out, long now, long watermark) {
    if (in.getPayload() instanceof ActivityEvent e
        && watermark != Long.MIN_VALUE
        && watermark != Long.MAX_VALUE
        && e.getEventTime().toEpochMilli() + config.allowedLateness().toMillis() < watermark) {
      reject(
          in,
          RejectReason.TOO_LATE.name(),
          "event_time "
              + e.getEventTime()
              + " is older than the allowed lateness "
              + config.allowedLateness()
              + " behind the watermark "
              + Instant.ofEpochMilli(watermark),
          out,
          now);
      return true;
    }
    return false;
  }

  /**
   * Tries a held event or command again; null when done, or what it still waits for. A runtime
   * failure on one input (a defect) rejects that input as {@code PROCESSING_ERROR} instead of
   * failing the job on it at every restart; funding comes before any state is written, so a failure
   * there leaves the account as it was.
   */
  public RejectReason retry(Inbound in, AccountState state, AccountOutputs out, long now)
      throws Exception {
    try {
      if (in.getPayload() instanceof ActivityEvent e) {
        return rate(in, e, state, out, now);
      }
      return command(in, (BalanceCommand) in.getPayload(), state, out, now);
    } catch (AccountOutputs.EmitFailure downstream) {
      throw downstream;
    } catch (RuntimeException failure) {
      reject(in, RejectReason.PROCESSING_ERROR.name(), "processing failed: " + failure, out, now);
      return null;
    }
  }

  /** Rejects an input that waited the whole pending timeout for {@code reason}. */
  public void timedOut(Inbound in, RejectReason reason, AccountOutputs out, long now) {
    reject(in, reason.name(), waitedFor(reason, in), out, now);
  }

  /** Rejects an input that found its account already holding {@code held} inputs. */
  public void overflow(Inbound in, int held, AccountOutputs out, long now) {
    reject(
        in,
        RejectReason.PENDING_OVERFLOW.name(),
        "account "
            + in.getAccountId()
            + " already has "
            + held
            + " inputs waiting for their profile or rule (pending.max-per-account)",
        out,
        now);
  }

  /**
   * Grants past their expiry at {@code now} lapse: the breakage is a movement, and the view and
   * triggers follow. Asks again for the wallet's next expiry, so that whoever calls this keeps a
   * timer for it even when an earlier change could not register one.
   */
  public void expire(long now, AccountState state, AccountOutputs out) throws Exception {
    AccountProfile p = state.profile();
    Wallet w = p == null ? null : loadWallet(p, state);
    if (w == null || w.nextExpiry().isEmpty()) {
      return;
    }
    if (w.nextExpiry().get().toEpochMilli() > now) {
      out.expiryTimer(w.nextExpiry().get().toEpochMilli());
      return;
    }
    Expiration expiration = w.expire(Instant.ofEpochMilli(now));
    walletChanged(
        w,
        expiration.wallet(),
        expiration.movements(),
        p,
        Instant.ofEpochMilli(now),
        null,
        state,
        out);
  }

  // ---------------------------------------------------------------- events

  /** Rates the event if its profile and rule are there; null when done, or what it waits for. */
  private RejectReason rate(
      Inbound in, ActivityEvent e, AccountState state, AccountOutputs out, long now)
      throws Exception {
    if (state.seen(e.getEventId())) {
      reject(
          in,
          RejectReason.DUPLICATE.name(),
          "event "
              + e.getEventId()
              + " was already rated for account "
              + e.getAccountId()
              + "; a retry never charges twice",
          out,
          now);
      return null;
    }
    AccountProfile p = state.profile();
    if (p == null) {
      return RejectReason.UNKNOWN_ACCOUNT;
    }
    if (p.getStatus() != AccountStatus.ACTIVE) {
      RejectReason r =
          p.getStatus() == AccountStatus.SUSPENDED
              ? RejectReason.ACCOUNT_SUSPENDED
              : RejectReason.ACCOUNT_CLOSED;
      reject(in, r.name(), "account " + p.getAccountId() + " is " + p.getStatus(), out, now);
      return null;
    }
    AccountContext ctx = state.context();
    PeriodWork work = periodic() ? periodWork(p, state, out, now, true) : null;
    Quote quote = quote(ctx, usage(e), state, now, work);
    if (work != null) {
      work.done(); // a recurring meter may have rolled into the usage's period
    }
    if (quote == null) {
      return rules.book().knowsMeter(e.getMeter())
          ? RejectReason.NO_PRICE
          : RejectReason.UNKNOWN_METER;
    }
    if (quote.result() instanceof RatingResult.Refused refused) {
      reject(
          in,
          refused.reasonCode(),
          refused.message()
              + " (rule set "
              + quote.rules().id()
              + " v"
              + quote.rules().version()
              + ")",
          out,
          now);
      return null;
    }
    RatingResult.Priced priced = (RatingResult.Priced) quote.result();
    // Funding first: should it refuse the usage, no aggregate or event id has been stored yet.
    fund(in, e, p, priced, state, out, now);
    state.storeAggregate(quote.usageKey(), priced.after(), now);
    state.markSeen(e.getEventId());
    out.rated(e);
    if (work != null) {
      periodicAfterUsage(work, e, quote, priced);
    }
    promote(p, e, quote, priced.after(), state, out);
    return null;
  }

  /**
   * A usage priced against the rule set in force at its time and the account's aggregate so far.
   */
  private record Quote(
      RuleSet rules,
      RuleSet.UsagePeriod period,
      String usageKey,
      MeterAggregate before,
      RatingResult result) {}

  /**
   * Prices a usage without changing any state; null when no rule set prices it for this account.
   */
  private Quote quote(
      AccountContext account, Usage u, AccountState state, long now, PeriodWork work)
      throws Exception {
    var ruleSet = rules.book().select(account, u.meter(), u.eventTime());
    if (ruleSet.isEmpty()) {
      return null;
    }
    RuleSet rs = ruleSet.get();
    RuleSet.UsagePeriod period = rs.usagePeriodOf(u.meter(), account, u.eventTime());
    String usageKey = u.meter() + "|" + period.key();
    // a recurring meter first rolls into the usage's period: its units carry across periods
    MeterAggregate before =
        work != null && rs.isRecurring(u.meter())
            ? recurring.before(work, u.meter(), period)
            : state.aggregate(usageKey, period.key(), now);
    return new Quote(rs, period, usageKey, before, rs.rate(account, u, before));
  }

  /**
   * Pays a priced usage from the account's balances, one charge line per source. Accounts without
   * balances (most postpaid ones) skip the wallet entirely: the whole charge is billed on account.
   */
  private void fund(
      Inbound in,
      ActivityEvent e,
      AccountProfile p,
      RatingResult.Priced priced,
      AccountState state,
      AccountOutputs out,
      long now)
      throws Exception {
    Wallet w = loadWallet(p, state);
    if (w == null || !w.currency().getCurrencyCode().equals(priced.currency())) {
      out.charge(ChargeFactory.charge(in, e, p, priced, 0, null, now));
      return;
    }
    // A negative charge is a credit: a volume price whose cheaper tier was reached, or a `latest`
    // reading that went down, lowers the period's price. Balances pay for usage, so a credit draws
    // nothing from them (the usage's units still count against its allowances) and is owed to the
    // customer on account, as for an account without balances.
    long amount = priced.amountMinor();
    Funding f =
        w.fund(
            e.getEventTime(),
            e.getMeter(),
            e.getQuantity().max(BigDecimal.ZERO), // a recurring meter's removal uses no allowance
            Math.max(0, amount),
            Currency.getInstance(priced.currency()),
            e.getEventId());
    int line = 0;
    for (FundingLine l : f.lines()) {
      Charge c = ChargeFactory.charge(in, e, p, priced, line++, l, now);
      ChargeStatus status = ChargeStatus.of(f, l);
      if (status != ChargeStatus.BILLED) {
        c.setStatus(status.name());
      }
      out.charge(c);
    }
    if (f.lines().isEmpty() || amount < 0) {
      // a zero charge (free tier, zero quantity) draws nothing, but the event is still rated
      out.charge(ChargeFactory.charge(in, e, p, priced, line, null, now));
    }
    walletChanged(w, f.wallet(), f.movements(), p, e.getEventTime(), f, state, out);
  }

  // ---------------------------------------------------------------- periods: recurring items,
  // minimums

  /** Whether any rule set prices something by the period: else none of this runs per input. */
  private boolean periodic() {
    return recurring.any() || minimums.any();
  }

  /**
   * Event time has reached {@code upTo} (the watermark; for a bounded run, its as-of time): every
   * recurring item of the account is charged for the periods begun by then, and every minimum
   * period ended by then is closed with its true-up. Call it at the times {@link
   * AccountOutputs#periodTimer} asked for; calling it again for a time already reached does
   * nothing.
   */
  public void advance(long upTo, AccountState state, AccountOutputs out, long now)
      throws Exception {
    AccountProfile p = state.profile();
    if (p == null || !periodic()) {
      return;
    }
    PeriodWork work = periodWork(p, state, out, now, true);
    Instant t = Instant.ofEpochMilli(upTo);
    recurring.advance(work, t);
    minimums.advance(work, t);
    work.done();
  }

  /**
   * A new profile: fees of the plan left end and fees of the plan joined start at its effective
   * time, pro rata; a minimum that now applies is followed. A profile that comes before any rule
   * asks for a timer at its effective time instead, so that its fees still start.
   */
  private void profileChanged(AccountProfile old, AccountState state, AccountOutputs out, long now)
      throws Exception {
    AccountProfile p = state.profile();
    if (!periodic()) {
      if (rules.book().versions().isEmpty()) {
        // the rules are still loading: look again once event time passes the profile's start
        out.periodTimer(p.getEffectiveTime().toEpochMilli());
      }
      return;
    }
    PeriodWork work = periodWork(p, state, out, now, true);
    Instant t = p.getEffectiveTime();
    Set<String> before = recurring.feesInForce(old, t);
    Set<String> after = recurring.feesInForce(p, t);
    for (String fee : before) {
      if (!after.contains(fee)) {
        recurring.changeFee(work, fee, t, -1, planChange(fee, t));
      }
    }
    for (String fee : after) {
      if (!before.contains(fee)) {
        recurring.changeFee(work, fee, t, 1, planChange(fee, t));
      }
    }
    recurring.startMissingFees(work, t);
    minimums.follow(work, t);
    work.done();
  }

  private static String planChange(String fee, Instant t) {
    return "plan:" + fee + ":" + t.toEpochMilli();
  }

  /**
   * After a usage is charged: a recurring meter's change is carried into later periods already
   * begun, the charge counts towards the period's minimum, and fees the plan carries but the
   * account does not hold yet start.
   */
  private void periodicAfterUsage(
      PeriodWork work, ActivityEvent e, Quote quote, RatingResult.Priced priced) throws Exception {
    if (quote.rules().isRecurring(e.getMeter())) {
      recurring.changed(work, e.getMeter(), quote.period(), e.getQuantity(), e.getEventId());
    }
    if (minimums.any()) {
      minimums.spent(
          work, e.getEventTime(), priced.amountMinor(), priced.currency(), e.getEventId());
    }
    recurring.startMissingFees(work, e.getEventTime());
    work.done();
  }

  /**
   * Bills what no usage event carries: funded and emitted like a usage charge, under a synthetic
   * event of the item, and counted towards the period's minimum (but a true-up itself).
   */
  private PeriodWork periodWork(
      AccountProfile p, AccountState state, AccountOutputs out, long now, boolean bills)
      throws Exception {
    return new PeriodWork(
        p,
        state.context(),
        state,
        PeriodIndex.load(state, now),
        now,
        out,
        bills ? this::bill : null);
  }

  /**
   * Bills what no usage event carries: funded and emitted like a usage charge, under a synthetic
   * event of the item, and counted towards the period's minimum (but a true-up itself).
   */
  private void bill(
      PeriodWork work, String eventId, String item, Instant at, RatingResult.Priced priced)
      throws Exception {
    AccountProfile p = work.profile;
    BigDecimal quantity =
        priced.billedQuantity() == null ? BigDecimal.ZERO : priced.billedQuantity();
    ActivityEvent e =
        ActivityEvent.newBuilder()
            .setEventId(eventId)
            .setAccountId(p.getAccountId())
            .setMeter(item)
            .setQuantity(quantity.setScale(6, RoundingMode.HALF_EVEN))
            .setEventTime(at)
            .setSource("rateflow")
            .build();
    Inbound in =
        Inbound.newBuilder()
            .setAccountId(p.getAccountId())
            .setPayload(e)
            .setRaw(ByteBuffer.allocate(0))
            .setSourceTopic("")
            .setSourcePartition(-1)
            .setSourceOffset(-1)
            .setIngestedAt(work.now)
            .build();
    fund(in, e, p, priced, work.state, work.out, work.now);
    if (priced.kind() != ChargeKind.MINIMUM_TRUE_UP && minimums.any()) {
      minimums.spent(work, at, priced.amountMinor(), priced.currency(), eventId);
    }
  }

  // ---------------------------------------------------------------- commands and promotions

  /** Applies a balance command exactly once, or rejects it with the wallet's reason. */
  private RejectReason command(
      Inbound in, BalanceCommand c, AccountState state, AccountOutputs out, long now)
      throws Exception {
    AccountProfile p = state.profile();
    if (p == null) {
      return RejectReason.UNKNOWN_ACCOUNT;
    }
    io.rateflow.balances.BalanceCommand command;
    try {
      command = BalanceMapping.command(c, p);
    } catch (RuntimeException ex) {
      reject(
          in, "INVALID_COMMAND", "command " + c.getCommandId() + ": " + ex.getMessage(), out, now);
      return null;
    }
    Wallet w = loadOrOpenWallet(p, state);
    CommandResult result = w.apply(command);
    if (result instanceof CommandResult.Rejected r) {
      reject(in, r.rejection().reason().name(), r.rejection().message(), out, now);
      return null;
    }
    walletChanged(w, result.wallet(), result.movements(), p, c.getIssuedAt(), null, state, out);
    if (command instanceof TopUp topUp) {
      applyPromotions(
          p,
          rules
              .promotions()
              .evaluate(
                  new PromotionFact.ToppedUp(
                      p.getAccountId(),
                      topUp.commandId(),
                      topUp.amountMinor(),
                      topUp.currency(),
                      topUp.at())),
          state,
          out);
    }
    return null;
  }

  /** Promotions that react to usage: crossing a usage threshold, and the first use of a meter. */
  private void promote(
      AccountProfile p,
      ActivityEvent e,
      Quote quote,
      MeterAggregate after,
      AccountState state,
      AccountOutputs out)
      throws Exception {
    if (rules.promotions().rules().isEmpty()) {
      return;
    }
    applyPromotions(
        p,
        rules
            .promotions()
            .evaluate(
                new PromotionFact.UsageAggregate(
                    p.getAccountId(),
                    e.getMeter(),
                    quote.period().start(),
                    quote.before().aggregate(),
                    after.aggregate(),
                    e.getEventTime())),
        state,
        out);
    if (state.firstUse(e.getMeter())) {
      applyPromotions(
          p,
          rules
              .promotions()
              .evaluate(
                  new PromotionFact.FirstUse(p.getAccountId(), e.getMeter(), e.getEventTime())),
          state,
          out);
    }
  }

  /**
   * Offers are published; grants are applied to the wallet (their command ids make them exactly
   * once).
   */
  private void applyPromotions(
      AccountProfile p, PromotionActions actions, AccountState state, AccountOutputs out)
      throws Exception {
    for (PromotionOffer offer : actions.offers()) {
      out.trigger(BalanceMapping.offer(offer));
    }
    for (Grant grant : actions.grants()) {
      Wallet w = loadOrOpenWallet(p, state);
      CommandResult result = w.apply(grant);
      if (result instanceof CommandResult.Applied applied) {
        out.trigger(BalanceMapping.grantApplied(grant, p.getAccountId()));
        walletChanged(w, applied.wallet(), applied.movements(), p, grant.at(), null, state, out);
      }
    }
  }

  // ---------------------------------------------------------------- wallet

  /** Stores a changed wallet and emits what follows from the change: movements, view, triggers. */
  private void walletChanged(
      Wallet before,
      Wallet after,
      List<BalanceMovement> movements,
      AccountProfile p,
      Instant at,
      Funding funding,
      AccountState state,
      AccountOutputs out)
      throws Exception {
    state.storeWallet(after);
    for (BalanceMovement m : movements) {
      // top-ups and settlements are prepaid by definition; the grant of other movements may be
      // used up and dropped after the change, so look before it too
      String kind =
          m.kind() == MovementKind.TOP_UP || m.kind() == MovementKind.SETTLEMENT
              ? "PREPAID"
              : m.grantId() == null
                  ? null
                  : after
                      .find(m.grantId())
                      .or(() -> before.find(m.grantId()))
                      .map(g -> g.kind().name())
                      .orElse(null);
      out.movement(BalanceMapping.movement(m, p, kind));
    }
    BalanceSnapshot snapshot = after.snapshot(at);
    // One view per change; the balances topic is compacted, so readers see the latest per account.
    out.balance(BalanceMapping.view(snapshot));
    Map<String, String> latched = state.latches();
    TriggerBook latches = new TriggerBook(new TreeMap<>(latched));
    TriggerEvaluation evaluation = latches.evaluate(snapshot, triggerPolicy, at, funding);
    for (Trigger t : evaluation.fired()) {
      out.trigger(BalanceMapping.trigger(t));
    }
    if (!evaluation.book().latched().equals(latches.latched())) {
      state.storeLatches(evaluation.book().latched());
    }
    after.nextExpiry().ifPresent(t -> out.expiryTimer(t.toEpochMilli()));
  }

  /** The account's wallet, or null when it has none and needs none (postpaid, never granted). */
  private Wallet loadWallet(AccountProfile p, AccountState state) throws Exception {
    Wallet stored = state.storedWallet();
    if (stored != null) {
      // mode and burn order follow the profile's current plan
      return stored.withMode(mode(p)).withBurnOrder(config.burnOrder(p.getPlan()));
    }
    return mode(p).needsWallet() ? openWallet(p) : null;
  }

  private Wallet loadOrOpenWallet(AccountProfile p, AccountState state) throws Exception {
    Wallet w = loadWallet(p, state);
    return w != null ? w : openWallet(p);
  }

  /**
   * A new wallet: the plan's burn order, and the profile's credit limit as the initial overdraft
   * allowance.
   */
  private Wallet openWallet(AccountProfile p) {
    return Wallet.open(
            p.getAccountId(),
            Currency.getInstance(p.getCurrency()),
            mode(p),
            config.burnOrder(p.getPlan()))
        .withCreditLimit(Math.max(0, p.getCreditLimitMinor()));
  }

  private static AccountMode mode(AccountProfile p) {
    return AccountMode.of(p.getPrepaidOnly());
  }

  // ---------------------------------------------------------------- estimates

  /** The price the account would pay now, with its tier position and balances, changing nothing. */
  private EstimateResponse estimate(EstimateRequest r, AccountState state, long now)
      throws Exception {
    EstimateResponse.Builder answer =
        EstimateResponse.newBuilder()
            .setRequestId(r.getRequestId())
            .setAccountId(r.getAccountId())
            .setMeter(r.getMeter())
            .setAnsweredAt(Instant.ofEpochMilli(now));
    AccountProfile p = state.profile();
    if (p == null) {
      return answer.setError("unknown account " + r.getAccountId()).build();
    }
    Instant at = Instant.ofEpochMilli(now);
    Quote quote =
        quote(
            state.context(),
            new Usage(
                r.getRequestId(),
                r.getMeter(),
                r.getQuantity(),
                at,
                r.getAttributes(),
                r.getValue(),
                null),
            state,
            now,
            periodic() ? periodWork(p, state, null, now, false) : null);
    if (quote == null) {
      return answer
          .setError("no price in force for meter '" + r.getMeter() + "' for this account now")
          .build();
    }
    RatingResult result = quote.result();
    if (result instanceof RatingResult.Refused refused) {
      return answer.setError(refused.reasonCode() + ": " + refused.message()).build();
    }
    RatingResult.Priced priced = (RatingResult.Priced) result;
    answer
        .setAmountMinor(priced.amountMinor())
        .setCurrency(priced.currency())
        .setCurrencyDigits(priced.currencyDigits())
        .setRuleSetId(priced.ruleSetId())
        .setRuleVersion(priced.ruleVersion())
        .setBreakdown(ChargeFactory.breakdown(priced));
    List<FundingPart> parts = new ArrayList<>();
    Wallet w = loadWallet(p, state);
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

  // ---------------------------------------------------------------- rejections and mapping

  private String waitedFor(RejectReason reason, Inbound in) {
    String waited = " after waiting " + config.pendingTimeout() + " (pending.timeout)";
    if (reason == RejectReason.UNKNOWN_ACCOUNT) {
      return "no profile for account " + in.getAccountId() + " on the accounts topic" + waited;
    }
    ActivityEvent e = (ActivityEvent) in.getPayload();
    return reason == RejectReason.UNKNOWN_METER
        ? "no rule set prices meter '" + e.getMeter() + "'" + waited
        : "no price list in force for meter '"
            + e.getMeter()
            + "' at "
            + e.getEventTime()
            + " in the account's currency and segment"
            + waited;
  }

  private static void reject(
      Inbound in, String code, String message, AccountOutputs out, long now) {
    String id =
        in.getPayload() instanceof ActivityEvent e
            ? e.getEventId()
            : in.getPayload() instanceof BalanceCommand c ? c.getCommandId() : null;
    out.rejected(Rejections.of(in, code, message, id, now));
  }

  /** The pricing view of a profile. */
  public static AccountContext accountContext(AccountProfile p) {
    return new AccountContext(
        p.getAccountId(), p.getPlan(), p.getSegment(), p.getCurrency(), ZoneId.of(p.getTimeZone()));
  }

  private static Usage usage(ActivityEvent e) {
    return new Usage(
        e.getEventId(),
        e.getMeter(),
        e.getQuantity(),
        e.getEventTime(),
        e.getAttributes(),
        e.getValue(),
        e.getUnitPrice());
  }
}

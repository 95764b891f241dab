package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An account's recurring items through time: recurring meters (seats) and plan fees. Pricing is the
 * rule set's ({@link RuleSet#rate}, {@link RuleSet#change}, {@link RuleSet#rollOver}, {@link
 * RuleSet#carryForward}); this class decides <em>when</em>: a period start is charged when event
 * time reaches it (a timer, or the account's next usage if that comes first), a change late for a
 * period already followed by others is carried into each of them, and a plan change ends one fee
 * and starts another at the profile's effective time.
 *
 * <p>State: one aggregate per item and period under {@code item|period} (a fee's item is {@code
 * fee:<id>@<ruleSetId>}, so the fee of each plan's list is its own item), and the {@link
 * PeriodIndex}.
 */
final class RecurringItems {
  private static final String FEE = "fee:";

  private final RuleCatalogue rules;

  RecurringItems(RuleCatalogue rules) {
    this.rules = rules;
  }

  static boolean isFee(String item) {
    return item.startsWith(FEE);
  }

  /** What the rule set prices: the meter, or {@code fee:<id>} without the rule set. */
  static String base(String item) {
    int at = isFee(item) ? item.lastIndexOf('@') : -1;
    return at < 0 ? item : item.substring(0, at);
  }

  /** Whether anything recurring is priced at all: else none of this costs a thing per event. */
  boolean any() {
    return !rules.book().recurringMeters().isEmpty() || !rules.book().feeItems().isEmpty();
  }

  /** The rule set pricing {@code item} for the account at {@code t}, or null. */
  RuleSet pricer(String item, AccountContext ctx, Instant t) {
    String base = base(item);
    Optional<RuleSet> selected = rules.book().select(ctx, base, t);
    if (!isFee(item)) {
      return selected.orElse(null);
    }
    String id = item.substring(item.lastIndexOf('@') + 1);
    if (selected.isPresent() && selected.get().id().equals(id)) {
      return selected.get();
    }
    // the fee of a list the account has left: still priced by that list, for late changes
    for (RuleSet rs : rules.book().inForceAt(t)) {
      if (rs.id().equals(id) && rs.prices(base)) {
        return rs;
      }
    }
    return null;
  }

  /** The fee items an account on profile {@code p} pays at {@code t}: none unless ACTIVE. */
  Set<String> feesInForce(AccountProfile p, Instant t) {
    Set<String> fees = new LinkedHashSet<>();
    if (p == null || p.getStatus() != AccountStatus.ACTIVE) {
      return fees;
    }
    AccountContext ctx = AccountEngine.accountContext(p);
    for (String fee : rules.book().feeItems()) {
      rules.book().select(ctx, fee, t).ifPresent(rs -> fees.add(fee + "@" + rs.id()));
    }
    return fees;
  }

  /**
   * The item's aggregate of {@code period}, after rolling the item's periods forward to it (each
   * period start billed), unless the work is a dry run (an estimate: nothing is billed or stored).
   */
  MeterAggregate before(PeriodWork w, String item, RuleSet.UsagePeriod period) throws Exception {
    PeriodIndex.Position pos = w.index.get(item);
    if (pos != null && pos.start().isBefore(period.start())) {
      MeterAggregate rolled = rollForward(w, item, period.start());
      // null: nothing was held into the period, which then starts from zero
      return rolled != null && period.key().equals(rolled.period())
          ? rolled
          : MeterAggregate.empty(period.key());
    }
    return w.state.aggregate(key(item, period.key()), period.key(), w.now);
  }

  /**
   * After a change of {@code delta} in {@code period}: carries it into every later period the item
   * has begun, records where the item stands and asks for a timer at its next period start.
   */
  void changed(
      PeriodWork w, String item, RuleSet.UsagePeriod period, BigDecimal delta, String idPrefix)
      throws Exception {
    PeriodIndex.Position pos = w.index.get(item);
    String base = base(item);
    if (pos == null || !pos.start().isAfter(period.start())) {
      w.index.put(item, period.key(), period.start());
    } else {
      Instant start = period.start();
      while (true) {
        RuleSet current = pricer(item, w.context, start);
        Instant next = current == null ? null : current.periodEnd(base, w.context, start);
        if (next == null || next.isAfter(pos.start())) {
          break;
        }
        RuleSet rs = pricer(item, w.context, next);
        if (rs == null) {
          break;
        }
        String nextKey = rs.usagePeriodOf(base, w.context, next).key();
        MeterAggregate later = w.state.aggregate(key(item, nextKey), nextKey, w.now);
        if (later.recurring() == null) {
          break; // expired with the state's time-to-live: too old to carry into
        }
        if (rs.carryForward(w.context, base, later, delta) instanceof RatingResult.Priced priced) {
          w.bill(idPrefix + "~" + item + ":" + nextKey, base, next, priced);
          w.state.storeAggregate(key(item, nextKey), priced.after(), w.now);
        }
        start = next;
      }
    }
    timer(w, item);
  }

  /**
   * A fee starts (+1) or ends (−1) at {@code at}: charged or credited pro rata, carried into later
   * periods already begun, then rolled forward to {@code at}'s period. A fee already held is not
   * started twice, nor one not held ended.
   */
  void changeFee(PeriodWork w, String item, Instant at, int delta, String idPrefix)
      throws Exception {
    RuleSet rs = pricer(item, w.context, at);
    if (rs == null) {
      return;
    }
    String base = base(item);
    RuleSet.UsagePeriod period = rs.usagePeriodOf(base, w.context, at);
    MeterAggregate before = before(w, item, period);
    BigDecimal held = before.recurring() == null ? BigDecimal.ZERO : before.recurring().count();
    if (delta > 0 ? held.signum() > 0 : held.signum() <= 0) {
      return;
    }
    BigDecimal change = BigDecimal.valueOf(delta);
    if (rs.change(w.context, base, before, at, change) instanceof RatingResult.Priced priced) {
      w.bill(idPrefix + (delta > 0 ? ":start" : ":end"), base, at, priced);
      w.state.storeAggregate(key(item, period.key()), priced.after(), w.now);
      changed(w, item, period, change, idPrefix);
    }
  }

  /**
   * Event time has reached {@code upTo}: every item rolls into the periods begun by then, and fees
   * the account's plan carries but it does not hold yet start (a fee's list published after the
   * profile).
   */
  void advance(PeriodWork w, Instant upTo) throws Exception {
    for (String item : w.index.names()) {
      if (!item.startsWith("~")) {
        rollForward(w, item, upTo);
        timer(w, item);
      }
    }
    startMissingFees(w, upTo);
  }

  /**
   * Starts the fees the account's plan carries at {@code t} that it does not hold: from the
   * profile's effective time, or from when the fee's list took effect if later.
   */
  void startMissingFees(PeriodWork w, Instant t) throws Exception {
    for (String item : feesInForce(w.profile, t)) {
      if (w.index.get(item) == null) {
        RuleSet rs = pricer(item, w.context, t);
        Instant from = w.profile.getEffectiveTime();
        if (rs != null && rs.effectiveFrom().isAfter(from)) {
          from = rs.effectiveFrom();
        }
        if (from.isAfter(t)) {
          from = t;
        }
        changeFee(w, item, from, 1, "fee:" + item + ":" + from.toEpochMilli());
        rollForward(w, item, t);
        timer(w, item);
      }
    }
  }

  /**
   * Rolls {@code item} from the period it reached into every period starting at or before {@code
   * upTo}, billing each start for the units held; returns the aggregate of the last period reached,
   * or null when the item rests (nothing held, or no price any more: it leaves the index). With a
   * dry run nothing is billed or stored.
   */
  MeterAggregate rollForward(PeriodWork w, String item, Instant upTo) throws Exception {
    PeriodIndex.Position pos = w.index.get(item);
    if (pos == null) {
      return null;
    }
    String base = base(item);
    MeterAggregate current = w.state.aggregate(key(item, pos.periodKey()), pos.periodKey(), w.now);
    Instant start = pos.start();
    while (true) {
      RuleSet rs = pricer(item, w.context, start);
      Instant next = rs == null ? null : rs.periodEnd(base, w.context, start);
      if (next != null && next.isAfter(upTo)) {
        return current;
      }
      BigDecimal held = current.recurring() == null ? BigDecimal.ZERO : current.recurring().count();
      RuleSet nextRules = next == null ? null : pricer(item, w.context, next);
      boolean feeEnds =
          isFee(item) && !feesInForce(w.profile, next == null ? start : next).contains(item);
      if (nextRules == null || held.signum() == 0 || feeEnds) {
        if (!w.dryRun()) {
          w.index.remove(item); // nothing held into the next period: it rests until a change
        }
        return null;
      }
      if (!(nextRules.rollOver(w.context, base, current, next)
          instanceof RatingResult.Priced priced)) {
        if (!w.dryRun()) {
          w.index.remove(item);
        }
        return null;
      }
      if (!w.dryRun()) {
        if (priced.amountMinor() != 0 || held.signum() > 0) {
          w.bill("period:" + item + ":" + priced.period(), base, next, priced);
        }
        w.state.storeAggregate(key(item, priced.period()), priced.after(), w.now);
        w.index.put(item, priced.period(), next);
      }
      current = priced.after();
      start = next;
    }
  }

  /** Asks for a timer at the start of the item's next period. */
  private void timer(PeriodWork w, String item) {
    PeriodIndex.Position pos = w.index.get(item);
    if (pos == null) {
      return;
    }
    RuleSet rs = pricer(item, w.context, pos.start());
    if (rs != null) {
      w.out.periodTimer(rs.periodEnd(base(item), w.context, pos.start()).toEpochMilli());
    }
  }

  static String key(String item, String period) {
    return item + "|" + period;
  }
}

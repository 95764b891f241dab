package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.PeriodSpend;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import java.time.Instant;
import java.util.Optional;

/**
 * An account's spend against its minimum, period by period: every priced charge adds to the spend
 * of the minimum's period containing its event time; when event time passes the period's end, a
 * true-up brings the spend up to the minimum; a charge arriving after that (within the allowed
 * lateness) adjusts the true-up, so the period's total stays max(spend, minimum). Pricing is {@link
 * RuleSet#trueUp}; this class keeps the {@link PeriodSpend}s and the open period in the {@link
 * PeriodIndex}.
 */
final class MinimumSpends {
  /** The index entry of the oldest period not closed yet. */
  static final String ITEM = "~spend";

  /** What a true-up charge's meter reads. */
  static final String METER = "minimum_spend";

  private final RuleCatalogue rules;

  MinimumSpends(RuleCatalogue rules) {
    this.rules = rules;
  }

  boolean any() {
    return rules.book().hasMinimums();
  }

  /** Adds a charge to its period's spend; adjusts the true-up if that period has closed. */
  void spent(PeriodWork w, Instant at, long amountMinor, String currency, String eventId)
      throws Exception {
    AccountContext ctx = w.context;
    Optional<RuleSet> minimum = rules.book().selectMinimum(ctx, at);
    if (minimum.isEmpty() || !minimum.get().currency().equals(currency)) {
      return;
    }
    RuleSet.UsagePeriod period = minimum.get().minimumPeriodOf(ctx, at);
    PeriodSpend before = w.state.spend(period.key(), w.now);
    PeriodSpend after =
        new PeriodSpend(
            period.key(), before.spentMinor() + amountMinor, before.trueUpMinor(), before.closed());
    if (before.closed()) {
      after = trueUp(w, after, closingRules(ctx, minimum.get(), at), eventId, at);
    } else {
      open(w, minimum.get(), period);
    }
    w.state.storeSpend(after, w.now);
  }

  /** Starts following the account's minimum at {@code t}, if one applies and none is followed. */
  void follow(PeriodWork w, Instant t) {
    if (w.index.get(ITEM) != null || w.profile.getStatus() != AccountStatus.ACTIVE) {
      return;
    }
    rules
        .book()
        .selectMinimum(w.context, t)
        .ifPresent(rs -> open(w, rs, rs.minimumPeriodOf(w.context, t)));
  }

  /** Closes every period that ended by {@code upTo}, with its true-up, and opens the next. */
  void advance(PeriodWork w, Instant upTo) throws Exception {
    follow(w, upTo);
    AccountContext ctx = w.context;
    AccountProfile p = w.profile;
    PeriodIndex index = w.index;
    PeriodIndex.Position pos = index.get(ITEM);
    while (pos != null) {
      Optional<RuleSet> current = rules.book().selectMinimum(ctx, pos.start());
      if (current.isEmpty()) {
        index.remove(ITEM);
        return;
      }
      Instant end = current.get().minimumPeriodEnd(ctx, pos.start());
      if (end.isAfter(upTo)) {
        w.out.periodTimer(end.toEpochMilli());
        return;
      }
      Instant last = end.minusMillis(1);
      PeriodSpend spend = w.state.spend(pos.periodKey(), w.now);
      if (!spend.closed()) {
        PeriodSpend closed =
            new PeriodSpend(spend.period(), spend.spentMinor(), spend.trueUpMinor(), true);
        if (p.getStatus() == AccountStatus.ACTIVE) {
          closed = trueUp(w, closed, closingRules(ctx, current.get(), last), "close", last);
        }
        w.state.storeSpend(closed, w.now);
      }
      Optional<RuleSet> next = rules.book().selectMinimum(ctx, end);
      if (next.isEmpty() || p.getStatus() != AccountStatus.ACTIVE) {
        index.remove(ITEM);
        return;
      }
      index.put(ITEM, next.get().minimumPeriodOf(ctx, end).key(), end);
      pos = index.get(ITEM);
    }
  }

  /** The minimum in force at the period's last instant decides its true-up. */
  private RuleSet closingRules(AccountContext ctx, RuleSet atCharge, Instant inPeriod) {
    Instant last = atCharge.minimumPeriodEnd(ctx, inPeriod).minusMillis(1);
    return rules.book().selectMinimum(ctx, last).orElse(atCharge);
  }

  private PeriodSpend trueUp(PeriodWork w, PeriodSpend spend, RuleSet rs, String cause, Instant at)
      throws Exception {
    if (rs.trueUp(w.context, spend) instanceof RatingResult.Priced priced
        && priced.amountMinor() != 0) {
      w.bill("minimum:" + spend.period() + ":" + cause, METER, at, priced);
      return new PeriodSpend(
          spend.period(),
          spend.spentMinor(),
          spend.trueUpMinor() + priced.amountMinor(),
          spend.closed());
    }
    return spend;
  }

  private static void open(PeriodWork w, RuleSet rs, RuleSet.UsagePeriod period) {
    PeriodIndex.Position pos = w.index.get(ITEM);
    if (pos == null || period.start().isBefore(pos.start())) {
      w.index.put(ITEM, period.key(), period.start());
      w.out.periodTimer(rs.minimumPeriodEnd(w.context, period.start()).toEpochMilli());
    }
  }
}

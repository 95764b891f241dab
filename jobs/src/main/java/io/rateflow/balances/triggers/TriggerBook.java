package io.rateflow.balances.triggers;

import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BalanceSnapshot;
import io.rateflow.balances.DeterministicId;
import io.rateflow.balances.Funding;
import io.rateflow.balances.MoneyGrant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides which advice-of-charge triggers fire, once per account, condition and period.
 *
 * <p>Edge-triggered with latches: when a condition becomes true it fires and is latched (with the
 * period it fired for); while it stays true nothing more fires; when it is false at an evaluation
 * the latch is removed and the condition is armed again, so the next crossing fires a new trigger
 * with a new id. Periodic conditions (allowance used) also fire again when a new billing period
 * starts. The book holds only the latched conditions, so its state is a handful of short strings.
 *
 * <p>Evaluate after every change of the wallet (usage, command, expiry) with the time of the input
 * that caused it; never with the wall clock, or a replay would not give the same ids.
 */
public record TriggerBook(SortedMap<String, String> latched) {

  public TriggerBook {
    latched = new TreeMap<>(Objects.requireNonNull(latched, "latched"));
  }

  /** A book with nothing latched: every condition armed. */
  public static TriggerBook empty() {
    return new TriggerBook(new TreeMap<>());
  }

  /**
   * Condition key to the period it fired for, for every condition now latched (a copy: the state).
   */
  @Override
  public SortedMap<String, String> latched() {
    return new TreeMap<>(latched);
  }

  /**
   * Evaluates every condition of {@code policy} against the balances.
   *
   * @param snapshot the wallet's snapshot after the change, as of {@code now}
   * @param funding the funding that caused the change, or {@code null} (a command or expiry)
   */
  public TriggerEvaluation evaluate(
      BalanceSnapshot snapshot, TriggerPolicy policy, Instant now, Funding funding) {
    List<Candidate> candidates = conditions(snapshot, policy, now, funding);
    TreeMap<String, String> next = new TreeMap<>();
    List<Trigger> fired = new ArrayList<>();
    for (Candidate c : candidates) {
      String latchedPeriod = latched.get(c.key);
      boolean periodic = c.period != null;
      if (latchedPeriod != null && (!periodic || latchedPeriod.equals(c.period))) {
        next.put(c.key, latchedPeriod);
        continue;
      }
      // a crossing: non-periodic conditions take the crossing instant as their period
      String period = periodic ? c.period : now.toString();
      next.put(c.key, period);
      fired.add(
          new Trigger(
              DeterministicId.of(snapshot.accountId(), c.key, period),
              snapshot.accountId(),
              c.kind,
              c.key,
              period,
              now,
              c.detail));
    }
    // every latch not in `next` is for a condition that cleared: dropping it re-arms the condition
    return new TriggerEvaluation(new TriggerBook(next), fired);
  }

  private List<Candidate> conditions(
      BalanceSnapshot s, TriggerPolicy p, Instant now, Funding funding) {
    List<Candidate> out = new ArrayList<>();
    long available = s.availableMinor();
    // balance warnings only make sense for accounts that pay in advance or have topped up: a
    // postpaid
    // account with no credit is not "low"
    boolean holdsCredit = s.mode() == AccountMode.PREPAID_ONLY || s.lastTopUpMinor() > 0;
    if (holdsCredit) {
      for (long threshold : p.balanceBelowMinor()) {
        if (available < threshold) {
          out.add(
              new Candidate(
                  TriggerKind.BALANCE_BELOW,
                  "balance-below:" + threshold,
                  null,
                  "credit " + available + " is below " + threshold + " " + s.currency()));
        }
      }
      for (int pct : p.belowPercentOfLastTopUp()) {
        // exact: available/lastTopUp < pct/100  <=>  100*available < pct*lastTopUp
        if (s.lastTopUpMinor() > 0
            && Math.multiplyExact(100L, available)
                < Math.multiplyExact((long) pct, s.lastTopUpMinor())) {
          out.add(
              new Candidate(
                  TriggerKind.BELOW_PERCENT_OF_LAST_TOP_UP,
                  "below-pct-of-top-up:" + pct,
                  null,
                  "credit "
                      + available
                      + " is below "
                      + pct
                      + "% of the last top-up "
                      + s.lastTopUpMinor()));
        }
      }
      long spend = s.spendLast7DaysMinor();
      int days = p.depletionWithinDays();
      // rate = spend/7 per day; runs out within `days` <=> available <= days*spend/7 <=>
      // 7*available <= days*spend
      if (days > 0
          && spend > 0
          && Math.multiplyExact(7L, available) <= Math.multiplyExact((long) days, spend)) {
        out.add(
            new Candidate(
                TriggerKind.PROJECTED_DEPLETION,
                "projected-depletion:" + days,
                null,
                "credit "
                    + available
                    + " lasts at most "
                    + days
                    + " days at "
                    + spend
                    + " per 7 days"));
      }
    }
    for (var meter : s.allowanceByMeter().values()) {
      for (int pct : p.allowanceUsedPercent()) {
        // used/limit >= pct/100  <=>  100*used >= pct*limit, exact in BigDecimal
        if (meter
                .used()
                .multiply(BigDecimal.valueOf(100))
                .compareTo(meter.limit().multiply(BigDecimal.valueOf(pct)))
            >= 0) {
          out.add(
              new Candidate(
                  TriggerKind.ALLOWANCE_USED,
                  "allowance-used:" + meter.meter() + ":" + pct,
                  meter.periodStart().toString(),
                  meter.meter()
                      + " allowance "
                      + meter.used()
                      + " of "
                      + meter.limit()
                      + " used ("
                      + pct
                      + "%)"));
        }
      }
    }
    if (p.expiringWithinDays() > 0) {
      Instant horizon = now.plus(Duration.ofDays(p.expiringWithinDays()));
      for (MoneyGrant g : s.moneyGrants()) {
        if (g.remainingMinor() > 0
            && g.expiry() != null
            && g.expiry().isAfter(now)
            && !g.expiry().isAfter(horizon)) {
          out.add(
              new Candidate(
                  TriggerKind.GRANT_EXPIRING,
                  "grant-expiring:" + g.id(),
                  g.expiry().toString(),
                  g.remainingMinor()
                      + " "
                      + s.currency()
                      + " of grant "
                      + g.id()
                      + " expires at "
                      + g.expiry()));
        }
      }
    }
    if (p.exhausted()) {
      boolean exceeded = funding != null && funding.exceedsLimit();
      // stays exhausted until money or headroom comes back (a top-up, a grant, a higher limit)
      boolean stillOut = latched.containsKey(EXHAUSTED) && available == 0 && s.headroomMinor() == 0;
      if (exceeded || stillOut) {
        out.add(
            new Candidate(
                TriggerKind.EXHAUSTED,
                EXHAUSTED,
                null,
                "charge beyond the credit limit "
                    + s.creditLimitMinor()
                    + "; owed "
                    + s.overdraftMinor()
                    + " "
                    + s.currency()));
      }
    }
    return out;
  }

  private static final String EXHAUSTED = "exhausted";

  /**
   * A condition that is true now; {@code period} is null for conditions that re-arm by clearing.
   */
  private record Candidate(TriggerKind kind, String key, String period, String detail) {}

  /** The latched period of a condition, if it is latched (for tests and diagnostics). */
  public String latchedPeriod(String conditionKey) {
    return latched.get(conditionKey);
  }

  /** Number of latched conditions (the whole state of the book). */
  public int size() {
    return latched.size();
  }
}

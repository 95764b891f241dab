package io.rateflow.job;

import io.rateflow.avro.UnitChangeState;
import io.rateflow.avro.UsageState;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import io.rateflow.pricing.RecurringUnits;
import io.rateflow.pricing.UnitChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The usage state's record, {@link UsageState}, to and from what the account engine keeps per
 * period: a {@link MeterAggregate} (a meter's, or a recurring item's with its count timeline) or a
 * minimum's {@link PeriodSpend}. Decimals as text, exact; instants to the millisecond, as event
 * times are.
 */
final class UsageStates {
  /**
   * The prefix of a minimum spend's usage key. Fee keys start "fee:"; a meter named "~spend" would
   * share it, which the rule language does not refuse yet.
   */
  static final String SPEND_KEY_PREFIX = "~spend|";

  private UsageStates() {}

  static String spendKey(String period) {
    return SPEND_KEY_PREFIX + period;
  }

  static UsageState of(MeterAggregate a) {
    RecurringUnits r = a.recurring();
    List<UnitChangeState> changes = new ArrayList<>(r == null ? 0 : r.changes().size());
    if (r != null) {
      for (UnitChange c : r.changes()) {
        changes.add(new UnitChangeState(c.at().toEpochMilli(), text(c.delta())));
      }
    }
    return new UsageState(
        a.period(),
        text(a.aggregate()),
        new ArrayList<>(a.uniques()),
        a.events(),
        a.chargedMinor(),
        r == null ? null : text(r.startCount()),
        changes);
  }

  static MeterAggregate aggregate(UsageState s) {
    RecurringUnits recurring = null;
    if (s.getRecurringStart() != null) {
      List<UnitChange> changes = new ArrayList<>();
      if (s.getRecurringChanges() != null) {
        for (UnitChangeState c : s.getRecurringChanges()) {
          changes.add(
              new UnitChange(Instant.ofEpochMilli(c.getAt()), new BigDecimal(c.getDelta())));
        }
      }
      recurring = new RecurringUnits(new BigDecimal(s.getRecurringStart()), changes);
    }
    return new MeterAggregate(
        s.getPeriod(),
        new BigDecimal(s.getAggregate()),
        s.getUniques() == null ? null : new LinkedHashSet<>(s.getUniques()),
        s.getEvents(),
        s.getChargedMinor(),
        recurring);
  }

  /**
   * Exact, scale included: plain digits, or for a negative scale (1E+3, which plain text would read
   * back as 1000) the scientific form.
   */
  private static String text(BigDecimal d) {
    return d.scale() < 0 ? d.toString() : d.toPlainString();
  }

  /** Spent in the aggregate, the true-up in the charges, closed as one event. */
  static UsageState of(PeriodSpend spend) {
    return new UsageState(
        spend.period(),
        Long.toString(spend.spentMinor()),
        new ArrayList<>(),
        spend.closed() ? 1L : 0L,
        spend.trueUpMinor(),
        null,
        new ArrayList<>());
  }

  static PeriodSpend spend(UsageState s) {
    return new PeriodSpend(
        s.getPeriod(),
        new BigDecimal(s.getAggregate()).longValueExact(),
        s.getChargedMinor(),
        s.getEvents() != 0);
  }
}

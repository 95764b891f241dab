package io.rateflow.job;

import io.rateflow.avro.Charge;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The account operator's metrics (names in {@link RatingMetrics}): what it rated, rejected, held,
 * charged per currency, fired, and did with balance commands. Labelled counters are cached, so
 * counting an output costs a map lookup at most.
 */
final class AccountMetrics {
  /** The counters of one currency, looked up once per charge line. */
  private record CurrencyCounters(Counter lines, Counter charged, Counter credited) {}

  final Counter rated;
  final Counter rejected;
  final Counter held;
  final Counter commandsApplied;
  final Counter rulesRejected;
  final LabelledCounters commandsRejected;
  final LabelledCounters triggers;
  final RuleVersionGauges rules;
  private final MetricGroup group;
  private final Map<String, CurrencyCounters> currencies = new HashMap<>();

  /** Written by the operator's thread only; read by the reporter's. */
  private volatile long heldNow;

  private volatile long eventTimeLag;

  AccountMetrics(MetricGroup group) {
    this.group = group;
    rated = group.counter(RatingMetrics.EVENTS_RATED);
    rejected = group.counter(RatingMetrics.EVENTS_REJECTED);
    held = group.counter(RatingMetrics.EVENTS_HELD);
    commandsApplied = group.counter(RatingMetrics.COMMANDS_APPLIED);
    rulesRejected = group.counter(RatingMetrics.RULES_REJECTED);
    commandsRejected =
        new LabelledCounters(group, RatingMetrics.REASON, RatingMetrics.COMMANDS_REJECTED);
    triggers = new LabelledCounters(group, RatingMetrics.KIND, RatingMetrics.TRIGGERS_FIRED);
    // After a restore the count is unknown until the held inputs are next walked: never below 0.
    group.gauge(RatingMetrics.HELD_EVENTS, (Gauge<Long>) () -> Math.max(0, heldNow));
    group.gauge(RatingMetrics.EVENT_TIME_LAG, (Gauge<Long>) () -> eventTimeLag);
    rules = new RuleVersionGauges(group, System::currentTimeMillis);
  }

  void charge(Charge c) {
    CurrencyCounters counters = currencies.get(c.getCurrency());
    if (counters == null) {
      counters = currency(c.getCurrency());
    }
    counters.lines().inc();
    long amount = c.getAmountMinor();
    if (amount >= 0) {
      counters.charged().inc(amount);
    } else {
      counters.credited().inc(-amount);
    }
  }

  private CurrencyCounters currency(String code) {
    // ISO-4217 codes from validated profiles: a bounded label
    MetricGroup g = group.addGroup(RatingMetrics.CURRENCY, code);
    CurrencyCounters counters =
        new CurrencyCounters(
            g.counter(RatingMetrics.CHARGE_LINES),
            g.counter(RatingMetrics.AMOUNT_CHARGED_MINOR),
            g.counter(RatingMetrics.AMOUNT_CREDITED_MINOR));
    currencies.put(code, counters);
    return counters;
  }

  /** An event was processed at {@code now}: how far behind its event time the job runs. */
  void eventProcessed(long eventTime, long now) {
    eventTimeLag = now - eventTime;
  }

  /** Inputs held changed by {@code delta}. */
  void heldChanged(long delta) {
    if (delta != 0) {
      heldNow = heldNow + delta;
    }
  }

  /** The exact count, after walking every account's held inputs. */
  void heldRecounted(long total) {
    heldNow = total;
  }

  /** A currency's counter by name (tests); 0 when the currency was never charged. */
  long currencyCount(String currency, String name) {
    CurrencyCounters c = currencies.get(currency);
    if (c == null) {
      return 0;
    }
    return switch (name) {
      case RatingMetrics.CHARGE_LINES -> c.lines().getCount();
      case RatingMetrics.AMOUNT_CHARGED_MINOR -> c.charged().getCount();
      case RatingMetrics.AMOUNT_CREDITED_MINOR -> c.credited().getCount();
      default -> throw new IllegalArgumentException(name);
    };
  }

  long heldNow() {
    return Math.max(0, heldNow);
  }

  long eventTimeLag() {
    return eventTimeLag;
  }
}

package io.rateflow.job;

import java.util.Locale;

/**
 * The names and label keys of the job's own metrics, in one place; docs/metrics.md, the dashboard
 * and the alert rules in k8s/monitoring use them (MetricsITCase checks every name those files use
 * is exported).
 *
 * <p>A label is a Flink key/value group ({@code addGroup(key, value)}): Flink's Prometheus reporter
 * exports a metric in such a group as {@code flink_taskmanager_job_task_operator_<key>_<name>} with
 * the label {@code <key>="<value>"}; metrics without labels as {@code
 * flink_taskmanager_job_task_operator_<name>}; the reporter replaces every character of a label
 * value other than letters, digits and '_' by '_'. Counters are per subtask: sum them in queries.
 */
public final class RatingMetrics {
  // ---------------------------------------------------------------- label keys
  /** Which input a record came from: events, accounts, commands, estimates, rules. */
  public static final String INPUT = "input";

  /**
   * Where a record was rejected: decode_events, decode_accounts, decode_commands, decode_estimates,
   * rating.
   */
  public static final String STAGE = "stage";

  /** A reason code, as on the rejected-events topic. */
  public static final String REASON = "reason";

  /** An ISO-4217 code. */
  public static final String CURRENCY = "currency";

  /** A trigger kind, as on the promotion-triggers topic. */
  public static final String KIND = "kind";

  /** A pricing rule set id. */
  public static final String RULE_SET = "rule_set";

  // ---------------------------------------------------------------- names
  /**
   * Counter [input]: records read from an input (dead letters included; tombstones are not
   * records).
   */
  public static final String RECORDS_IN = "recordsIn";

  /** Counter [stage, reason]: records sent to the rejected-events topic. */
  public static final String REJECTED = "rejected";

  /** Counter: events rated (one or more charge lines). */
  public static final String EVENTS_RATED = "eventsRated";

  /**
   * Counter: inputs the account operator rejected (all reasons; the reasons are on {@link
   * #REJECTED}).
   */
  public static final String EVENTS_REJECTED = "eventsRejected";

  /**
   * Counter: times an input was put on hold (for its profile, rule, or the rules loading at start).
   */
  public static final String EVENTS_HELD = "eventsHeld";

  /**
   * Gauge: inputs held right now by this subtask (agreed name: {@code ./rateflow status} reads it).
   */
  public static final String HELD_EVENTS = "heldEvents";

  /** Gauge, ms: wall clock minus event time of the last event this subtask processed. */
  public static final String EVENT_TIME_LAG = "eventTimeLag";

  /** Counter [currency]: charge lines written. */
  public static final String CHARGE_LINES = "chargeLines";

  /** Counter [currency]: minor units charged (positive charge lines). */
  public static final String AMOUNT_CHARGED_MINOR = "amountChargedMinor";

  /** Counter [currency]: minor units credited (negative charge lines, as a positive number). */
  public static final String AMOUNT_CREDITED_MINOR = "amountCreditedMinor";

  /** Counter [kind]: promotion triggers and advice of charge fired. */
  public static final String TRIGGERS_FIRED = "triggersFired";

  /** Counter: balance commands applied. */
  public static final String COMMANDS_APPLIED = "balanceCommandsApplied";

  /** Counter [reason]: balance commands the account operator rejected. */
  public static final String COMMANDS_REJECTED = "balanceCommandsRejected";

  /**
   * Counter: configuration documents (pricing, promotions, charts) accepted by the rules decoder.
   */
  public static final String RULES_ACCEPTED = "rulesAccepted";

  /** Counter: configuration documents rejected to the rejected-rules topic. */
  public static final String RULES_REJECTED = "rulesRejected";

  /** Gauge: pricing rule versions the account operator keeps (back to the allowed lateness). */
  public static final String RULE_VERSIONS = "ruleVersions";

  /** Gauge [rule_set]: the version of a pricing rule set in force now; 0 when none is. */
  public static final String RULE_VERSION_IN_FORCE = "ruleVersionInForce";

  /** Counter: journal entries posted to erp-gl-export. */
  public static final String JOURNAL_POSTED = "journalEntriesPosted";

  /** Counter [reason]: charges and movements the journal cannot post (to erp-gl-rejected). */
  public static final String JOURNAL_UNPOSTABLE = "journalFactsUnpostable";

  /**
   * Counter: balance movements that need no journal entry of their own (booked with their charge).
   */
  public static final String JOURNAL_BOOKED_ELSEWHERE = "movementsBookedElsewhere";

  // ---------------------------------------------------------------- label values
  /** Stage of the account operator's rejections. */
  public static final String STAGE_RATING = "rating";

  /** Input label of the rules topic. */
  public static final String INPUT_RULES = "rules";

  private RatingMetrics() {}

  /** The input label of a keyed input: events, accounts, commands, estimates. */
  public static String input(InboundDecoder.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The stage label of a decoder's rejections, e.g. decode_events: an underscore, since Flink's
   * Prometheus reporter turns any other character into one (a rule set "it-usd" is exported as
   * rule_set="it_usd"), and the REST API and Prometheus should show the same value.
   */
  public static String decodeStage(InboundDecoder.Kind kind) {
    return "decode_" + input(kind);
  }
}

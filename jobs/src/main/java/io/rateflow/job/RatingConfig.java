package io.rateflow.job;

import io.rateflow.balances.BurnOrder;
import io.rateflow.balances.triggers.TriggerPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything the rating job can be told, with the defaults a production deployment starts from.
 * Read from a properties file by {@code ./rateflow run --config} and by {@link RatingJobMain}; keys
 * are listed in the README's configuration reference.
 */
public record RatingConfig(
    String bootstrapServers,
    String eventsTopic,
    String accountsTopic,
    String rulesTopic,
    String chargesTopic,
    String rejectedTopic,
    String rejectedRulesTopic,
    String balanceCommandsTopic,
    String estimateRequestsTopic,
    String estimateResponsesTopic,
    String movementsTopic,
    String triggersTopic,
    String balancesTopic,
    String journalTopic,
    String journalDetailTopic,
    String analyticsTopic,
    String correctionsTopic,
    String ledgerRejectedTopic,
    String groupId,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    Duration transactionTimeout,
    Duration checkpointTimeout,
    Duration brokerMaxTransactionTimeout,
    Duration dedupWindow,
    Duration pendingTimeout,
    int maxPendingPerAccount,
    Duration allowedLateness,
    Duration maxFutureSkew,
    Duration outOfOrderness,
    Duration sourceIdleness,
    BigDecimal maxQuantity,
    boolean bounded,
    boolean ledgerEnabled,
    boolean ledgerDetailEntries,
    Instant periodsAsOf,
    Map<String, String> balanceSettings,
    Map<String, String> kafkaProperties)
    implements Serializable {

  public static final String PREFIX_KAFKA = "kafka.";
  public static final String PREFIX_BALANCES = "balances.";

  /** Defaults; only the bootstrap servers must be given. */
  public static RatingConfig defaults(String bootstrapServers) {
    return new RatingConfig(
        bootstrapServers,
        "activity-events",
        "accounts",
        "pricing-rules",
        "charges",
        "rejected-events",
        "rejected-rules",
        "balance-commands",
        "estimate-requests",
        "estimate-responses",
        "balance-movements",
        "promotion-triggers",
        "balances",
        "erp-gl-export",
        "erp-gl-detail",
        "usage-analytics",
        "erp-gl-corrections",
        "erp-gl-rejected",
        "rateflow-rating",
        "rateflow-rating",
        Duration.ofSeconds(10),
        // below the broker's transaction.max.timeout.ms (15 min by default), above a slow
        // checkpoint plus a restart
        Duration.ofMinutes(10),
        // a checkpoint slower than this fails instead of keeping the sinks' transactions open
        Duration.ofMinutes(2),
        // Kafka's default transaction.max.timeout.ms
        Duration.ofMinutes(15),
        Duration.ofDays(7),
        Duration.ofSeconds(30),
        10_000,
        Duration.ofDays(3),
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        new BigDecimal("1000000000"),
        false,
        true,
        // one GL entry per charge on topic.journal-detail: off, the GL imports daily summaries
        false,
        // the streaming job's periods follow the watermark; only offline runs stop time somewhere
        null,
        Map.of(),
        Map.of());
  }

  /** Reads a properties file; unknown keys are an error, so a typo never silently falls back. */
  public static RatingConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return fromProperties(p, file.toString());
  }

  /**
   * Every fixed key {@link #fromProperties} reads, in the order of the README's configuration
   * reference; the open-ended ones are {@code kafka.*} (any Kafka client setting) and {@code
   * balances.burn-order.<plan>}. The sample {@code k8s/rateflow.properties} is tested against it.
   */
  public static final List<String> KEYS =
      List.of(
          "bootstrap.servers",
          "topic.events",
          "topic.accounts",
          "topic.rules",
          "topic.charges",
          "topic.rejected",
          "topic.rejected-rules",
          "topic.balance-commands",
          "topic.estimate-requests",
          "topic.estimate-responses",
          "topic.movements",
          "topic.triggers",
          "topic.balances",
          "topic.journal",
          "topic.journal-detail",
          "topic.corrections",
          "topic.ledger-rejected",
          "topic.analytics",
          "group.id",
          "transactional.id.prefix",
          "checkpoint.interval",
          "checkpoint.timeout",
          "transaction.timeout",
          "broker.transaction.max.timeout",
          "dedup.window",
          "pending.timeout",
          "pending.max-per-account",
          "allowed.lateness",
          "max.future.skew",
          "watermark.out-of-orderness",
          "source.idleness",
          "max.quantity",
          "bounded",
          "periods.as-of",
          "ledger.enabled",
          "ledger.detail-entries",
          "balances.triggers.balance-below",
          "balances.triggers.below-percent-of-top-up",
          "balances.triggers.allowance-used-percent",
          "balances.triggers.depletion-days",
          "balances.triggers.expiring-days",
          "balances.triggers.exhausted");

  /** The Kafka producer setting that is an alias of {@code transaction.timeout}. */
  static final String KAFKA_TRANSACTION_TIMEOUT = "transaction.timeout.ms";

  public static RatingConfig fromProperties(Properties p, String where) {
    Map<String, String> values = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
    String bootstrap = values.remove("bootstrap.servers");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(where + ": bootstrap.servers is required");
    }
    RatingConfig d = defaults(bootstrap);
    Map<String, String> kafka = new TreeMap<>();
    Map<String, String> balances = new TreeMap<>();
    values
        .keySet()
        .removeIf(
            k -> {
              if (k.startsWith(PREFIX_KAFKA)) {
                kafka.put(k.substring(PREFIX_KAFKA.length()), values.get(k));
                return true;
              }
              if (k.startsWith(PREFIX_BALANCES)) {
                balances.put(k.substring(PREFIX_BALANCES.length()), values.get(k));
                return true;
              }
              return false;
            });
    for (String k : kafka.keySet()) {
      String refusal = KafkaClientKeys.refusal(k);
      if (refusal != null) {
        throw new IllegalArgumentException(where + ": " + PREFIX_KAFKA + k + " " + refusal);
      }
    }
    ConfigValues v = new ConfigValues(values, where);
    Duration transactionTimeout =
        transactionTimeout(v, kafka.remove(KAFKA_TRANSACTION_TIMEOUT), d, where);
    RatingConfig c =
        new RatingConfig(
            bootstrap,
            v.text("topic.events", d.eventsTopic),
            v.text("topic.accounts", d.accountsTopic),
            v.text("topic.rules", d.rulesTopic),
            v.text("topic.charges", d.chargesTopic),
            v.text("topic.rejected", d.rejectedTopic),
            v.text("topic.rejected-rules", d.rejectedRulesTopic),
            v.text("topic.balance-commands", d.balanceCommandsTopic),
            v.text("topic.estimate-requests", d.estimateRequestsTopic),
            v.text("topic.estimate-responses", d.estimateResponsesTopic),
            v.text("topic.movements", d.movementsTopic),
            v.text("topic.triggers", d.triggersTopic),
            v.text("topic.balances", d.balancesTopic),
            v.text("topic.journal", d.journalTopic),
            v.text("topic.journal-detail", d.journalDetailTopic),
            v.text("topic.analytics", d.analyticsTopic),
            v.text("topic.corrections", d.correctionsTopic),
            v.text("topic.ledger-rejected", d.ledgerRejectedTopic),
            v.text("group.id", d.groupId),
            v.text("transactional.id.prefix", d.transactionalIdPrefix),
            v.positiveDuration("checkpoint.interval", d.checkpointInterval),
            transactionTimeout,
            v.positiveDuration("checkpoint.timeout", d.checkpointTimeout),
            v.positiveDuration("broker.transaction.max.timeout", d.brokerMaxTransactionTimeout),
            v.positiveDuration("dedup.window", d.dedupWindow),
            v.positiveDuration("pending.timeout", d.pendingTimeout),
            v.integer("pending.max-per-account", d.maxPendingPerAccount, 1),
            v.nonNegativeDuration("allowed.lateness", d.allowedLateness),
            v.nonNegativeDuration("max.future.skew", d.maxFutureSkew),
            v.nonNegativeDuration("watermark.out-of-orderness", d.outOfOrderness),
            v.positiveDuration("source.idleness", d.sourceIdleness),
            v.positiveDecimal("max.quantity", d.maxQuantity),
            v.bool("bounded", d.bounded),
            v.bool("ledger.enabled", d.ledgerEnabled),
            v.bool("ledger.detail-entries", d.ledgerDetailEntries),
            v.instant("periods.as-of", d.periodsAsOf),
            Map.copyOf(balances),
            Map.copyOf(kafka));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + ": unknown keys "
              + values.keySet()
              + " (see the README's configuration reference)");
    }
    for (String k : balances.keySet()) {
      if (!k.startsWith("burn-order.") && !TRIGGER_KEYS.contains(k)) {
        throw new IllegalArgumentException(
            where
                + ": unknown key "
                + PREFIX_BALANCES
                + k
                + " (known: burn-order.<plan>, "
                + String.join(", ", TRIGGER_KEYS)
                + ")");
      }
    }
    try {
      c.triggerPolicy();
      balances.keySet().stream()
          .filter(k -> k.startsWith("burn-order."))
          .forEach(
              k -> {
                try {
                  c.burnOrder(k.substring("burn-order.".length()));
                } catch (RuntimeException e) {
                  throw new IllegalArgumentException(
                      PREFIX_BALANCES + k + ": " + e.getMessage(), e);
                }
              });
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    c.checkTransactionTimeout(where);
    return c;
  }

  /**
   * {@code transaction.timeout}, or its alias {@code kafka.transaction.timeout.ms}: one value, so
   * the sinks never silently use another than the one written in the file.
   */
  private static Duration transactionTimeout(
      ConfigValues v, String kafkaMillis, RatingConfig d, String where) {
    Duration own = v.positiveDuration("transaction.timeout", null);
    Duration alias = null;
    if (kafkaMillis != null && !kafkaMillis.isEmpty()) {
      long ms =
          ConfigValues.parseLong(kafkaMillis, PREFIX_KAFKA + KAFKA_TRANSACTION_TIMEOUT, 1, where);
      alias = Duration.ofMillis(ms);
    }
    if (own != null && alias != null && !own.equals(alias)) {
      throw new IllegalArgumentException(
          where
              + ": transaction.timeout="
              + own
              + " and "
              + PREFIX_KAFKA
              + KAFKA_TRANSACTION_TIMEOUT
              + "="
              + kafkaMillis
              + " disagree; set only one of them");
    }
    return own != null ? own : alias != null ? alias : d.transactionTimeout;
  }

  /**
   * A sink's transaction stays open from the start of a checkpoint interval until the checkpoint
   * after it completes: if the broker aborts it first, committed output is lost. And a broker
   * refuses a producer asking for more than its transaction.max.timeout.ms, so the job could not
   * start.
   */
  void checkTransactionTimeout(String where) {
    Duration needed = checkpointInterval.plus(checkpointTimeout);
    if (transactionTimeout.compareTo(needed) <= 0) {
      throw new IllegalArgumentException(
          where
              + ": transaction.timeout "
              + human(transactionTimeout)
              + " must be longer than checkpoint.interval + checkpoint.timeout ("
              + human(checkpointInterval)
              + " + "
              + human(checkpointTimeout)
              + "), or the broker aborts a transaction before its checkpoint completes");
    }
    if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) > 0) {
      throw new IllegalArgumentException(
          where
              + ": transaction.timeout "
              + human(transactionTimeout)
              + " exceeds the broker's transaction.max.timeout.ms ("
              + human(brokerMaxTransactionTimeout)
              + "; state yours with broker.transaction.max.timeout), so the sinks could not start");
    }
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase();
  }

  /** The keys under {@code balances.triggers.}. */
  static final List<String> TRIGGER_KEYS =
      List.of(
          "triggers.balance-below",
          "triggers.below-percent-of-top-up",
          "triggers.allowance-used-percent",
          "triggers.depletion-days",
          "triggers.expiring-days",
          "triggers.exhausted");

  /**
   * The advice-of-charge thresholds: {@code balances.triggers.balance-below} (minor units, comma
   * list), {@code .below-percent-of-top-up}, {@code .allowance-used-percent} (comma lists), {@code
   * .depletion-days}, {@code .expiring-days} (0 = off), {@code .exhausted} (true/false); defaults
   * as {@link TriggerPolicy#defaults()}.
   */
  public TriggerPolicy triggerPolicy() {
    TriggerPolicy d = TriggerPolicy.defaults();
    Map<String, String> b = balanceSettings;
    return new TriggerPolicy(
        list(
            b,
            "triggers.balance-below",
            d.balanceBelowMinor(),
            (v, k) -> ConfigValues.parseLong(v, k, 0, null)),
        list(
            b,
            "triggers.below-percent-of-top-up",
            d.belowPercentOfLastTopUp(),
            (v, k) -> ConfigValues.parseInt(v, k, 0, null)),
        list(
            b,
            "triggers.allowance-used-percent",
            d.allowanceUsedPercent(),
            (v, k) -> ConfigValues.parseInt(v, k, 0, null)),
        b.containsKey("triggers.depletion-days")
            ? ConfigValues.parseInt(
                b.get("triggers.depletion-days"),
                PREFIX_BALANCES + "triggers.depletion-days",
                0,
                null)
            : d.depletionWithinDays(),
        b.containsKey("triggers.expiring-days")
            ? ConfigValues.parseInt(
                b.get("triggers.expiring-days"),
                PREFIX_BALANCES + "triggers.expiring-days",
                0,
                null)
            : d.expiringWithinDays(),
        b.containsKey("triggers.exhausted")
            ? ConfigValues.parseBoolean(
                b.get("triggers.exhausted"), PREFIX_BALANCES + "triggers.exhausted", null)
            : d.exhausted());
  }

  /**
   * The order grants are drawn in for a plan: {@code
   * balances.burn-order.<plan>=priority,expiry,created}.
   */
  public BurnOrder burnOrder(String plan) {
    String spec = balanceSettings.get("burn-order." + plan);
    return spec == null ? BurnOrder.DEFAULT : BurnOrder.parse(spec);
  }

  private static <T> List<T> list(
      Map<String, String> b,
      String key,
      List<T> dflt,
      java.util.function.BiFunction<String, String, T> parse) {
    String csv = b.get(key);
    if (csv == null) {
      return dflt;
    }
    return csv.isBlank()
        ? List.of()
        : java.util.Arrays.stream(csv.split(","))
            .map(String::trim)
            .map(x -> parse.apply(x, PREFIX_BALANCES + key))
            .toList();
  }

  /** A builder seeded with this config's values, for the few settings tools and tests change. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy of a config; {@link #build()} gives the immutable record back. */
  public static final class Builder {
    private String bootstrapServers;
    private String eventsTopic;
    private String accountsTopic;
    private String rulesTopic;
    private String chargesTopic;
    private String rejectedTopic;
    private String rejectedRulesTopic;
    private String balanceCommandsTopic;
    private String estimateRequestsTopic;
    private String estimateResponsesTopic;
    private String movementsTopic;
    private String triggersTopic;
    private String balancesTopic;
    private String journalTopic;
    private String journalDetailTopic;
    private String analyticsTopic;
    private String correctionsTopic;
    private String ledgerRejectedTopic;
    private String groupId;
    private String transactionalIdPrefix;
    private Duration checkpointInterval;
    private Duration transactionTimeout;
    private Duration checkpointTimeout;
    private Duration brokerMaxTransactionTimeout;
    private Duration dedupWindow;
    private Duration pendingTimeout;
    private int maxPendingPerAccount;
    private Duration allowedLateness;
    private Duration maxFutureSkew;
    private Duration outOfOrderness;
    private Duration sourceIdleness;
    private BigDecimal maxQuantity;
    private boolean bounded;
    private boolean ledgerEnabled;
    private boolean ledgerDetailEntries;
    private Instant periodsAsOf;
    private Map<String, String> balanceSettings;
    private Map<String, String> kafkaProperties;

    private Builder(RatingConfig c) {
      bootstrapServers = c.bootstrapServers;
      eventsTopic = c.eventsTopic;
      accountsTopic = c.accountsTopic;
      rulesTopic = c.rulesTopic;
      chargesTopic = c.chargesTopic;
      rejectedTopic = c.rejectedTopic;
      rejectedRulesTopic = c.rejectedRulesTopic;
      balanceCommandsTopic = c.balanceCommandsTopic;
      estimateRequestsTopic = c.estimateRequestsTopic;
      estimateResponsesTopic = c.estimateResponsesTopic;
      movementsTopic = c.movementsTopic;
      triggersTopic = c.triggersTopic;
      balancesTopic = c.balancesTopic;
      journalTopic = c.journalTopic;
      journalDetailTopic = c.journalDetailTopic;
      analyticsTopic = c.analyticsTopic;
      correctionsTopic = c.correctionsTopic;
      ledgerRejectedTopic = c.ledgerRejectedTopic;
      groupId = c.groupId;
      transactionalIdPrefix = c.transactionalIdPrefix;
      checkpointInterval = c.checkpointInterval;
      transactionTimeout = c.transactionTimeout;
      checkpointTimeout = c.checkpointTimeout;
      brokerMaxTransactionTimeout = c.brokerMaxTransactionTimeout;
      dedupWindow = c.dedupWindow;
      pendingTimeout = c.pendingTimeout;
      maxPendingPerAccount = c.maxPendingPerAccount;
      allowedLateness = c.allowedLateness;
      maxFutureSkew = c.maxFutureSkew;
      outOfOrderness = c.outOfOrderness;
      sourceIdleness = c.sourceIdleness;
      maxQuantity = c.maxQuantity;
      bounded = c.bounded;
      ledgerEnabled = c.ledgerEnabled;
      ledgerDetailEntries = c.ledgerDetailEntries;
      periodsAsOf = c.periodsAsOf;
      balanceSettings = c.balanceSettings;
      kafkaProperties = c.kafkaProperties;
    }

    public Builder bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    public Builder eventsTopic(String value) {
      eventsTopic = value;
      return this;
    }

    public Builder accountsTopic(String value) {
      accountsTopic = value;
      return this;
    }

    public Builder rulesTopic(String value) {
      rulesTopic = value;
      return this;
    }

    public Builder chargesTopic(String value) {
      chargesTopic = value;
      return this;
    }

    public Builder rejectedTopic(String value) {
      rejectedTopic = value;
      return this;
    }

    public Builder rejectedRulesTopic(String value) {
      rejectedRulesTopic = value;
      return this;
    }

    public Builder balanceCommandsTopic(String value) {
      balanceCommandsTopic = value;
      return this;
    }

    public Builder estimateRequestsTopic(String value) {
      estimateRequestsTopic = value;
      return this;
    }

    public Builder estimateResponsesTopic(String value) {
      estimateResponsesTopic = value;
      return this;
    }

    public Builder movementsTopic(String value) {
      movementsTopic = value;
      return this;
    }

    public Builder triggersTopic(String value) {
      triggersTopic = value;
      return this;
    }

    public Builder balancesTopic(String value) {
      balancesTopic = value;
      return this;
    }

    public Builder journalTopic(String value) {
      journalTopic = value;
      return this;
    }

    public Builder journalDetailTopic(String value) {
      journalDetailTopic = value;
      return this;
    }

    public Builder analyticsTopic(String value) {
      analyticsTopic = value;
      return this;
    }

    public Builder correctionsTopic(String value) {
      correctionsTopic = value;
      return this;
    }

    public Builder ledgerRejectedTopic(String value) {
      ledgerRejectedTopic = value;
      return this;
    }

    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    public Builder transactionalIdPrefix(String value) {
      transactionalIdPrefix = value;
      return this;
    }

    public Builder checkpointInterval(Duration value) {
      checkpointInterval = value;
      return this;
    }

    public Builder transactionTimeout(Duration value) {
      transactionTimeout = value;
      return this;
    }

    public Builder checkpointTimeout(Duration value) {
      checkpointTimeout = value;
      return this;
    }

    public Builder brokerMaxTransactionTimeout(Duration value) {
      brokerMaxTransactionTimeout = value;
      return this;
    }

    public Builder dedupWindow(Duration value) {
      dedupWindow = value;
      return this;
    }

    public Builder pendingTimeout(Duration value) {
      pendingTimeout = value;
      return this;
    }

    public Builder maxPendingPerAccount(int value) {
      maxPendingPerAccount = value;
      return this;
    }

    public Builder allowedLateness(Duration value) {
      allowedLateness = value;
      return this;
    }

    public Builder maxFutureSkew(Duration value) {
      maxFutureSkew = value;
      return this;
    }

    public Builder outOfOrderness(Duration value) {
      outOfOrderness = value;
      return this;
    }

    public Builder sourceIdleness(Duration value) {
      sourceIdleness = value;
      return this;
    }

    public Builder maxQuantity(BigDecimal value) {
      maxQuantity = value;
      return this;
    }

    public Builder bounded(boolean value) {
      bounded = value;
      return this;
    }

    /**
     * Where event time stops when a bounded input ends (offline {@code rate --as-of}): recurring
     * periods that start and minimum periods that close by then are charged; null: none.
     */
    public Builder periodsAsOf(Instant value) {
      periodsAsOf = value;
      return this;
    }

    public Builder ledgerEnabled(boolean value) {
      ledgerEnabled = value;
      return this;
    }

    public Builder ledgerDetailEntries(boolean value) {
      ledgerDetailEntries = value;
      return this;
    }

    public Builder balanceSettings(Map<String, String> value) {
      balanceSettings = value;
      return this;
    }

    public Builder kafkaProperties(Map<String, String> value) {
      kafkaProperties = value;
      return this;
    }

    public RatingConfig build() {
      return new RatingConfig(
          bootstrapServers,
          eventsTopic,
          accountsTopic,
          rulesTopic,
          chargesTopic,
          rejectedTopic,
          rejectedRulesTopic,
          balanceCommandsTopic,
          estimateRequestsTopic,
          estimateResponsesTopic,
          movementsTopic,
          triggersTopic,
          balancesTopic,
          journalTopic,
          journalDetailTopic,
          analyticsTopic,
          correctionsTopic,
          ledgerRejectedTopic,
          groupId,
          transactionalIdPrefix,
          checkpointInterval,
          transactionTimeout,
          checkpointTimeout,
          brokerMaxTransactionTimeout,
          dedupWindow,
          pendingTimeout,
          maxPendingPerAccount,
          allowedLateness,
          maxFutureSkew,
          outOfOrderness,
          sourceIdleness,
          maxQuantity,
          bounded,
          ledgerEnabled,
          ledgerDetailEntries,
          periodsAsOf,
          balanceSettings,
          kafkaProperties);
    }
  }

  public static Duration parseDuration(String v) {
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v.toUpperCase());
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(v);
    };
  }
}

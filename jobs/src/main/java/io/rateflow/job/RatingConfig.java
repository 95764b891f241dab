package io.rateflow.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.rateflow.balances.BurnOrder;
import io.rateflow.balances.triggers.TriggerPolicy;
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
    String summariesTopic,
    String analyticsTopic,
    String correctionsTopic,
    String ledgerRejectedTopic,
    String groupId,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    Duration transactionTimeout,
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
        "erp-gl-summaries",
        "usage-analytics",
        "erp-gl-corrections",
        "erp-gl-rejected",
        "rateflow-rating",
        "rateflow-rating",
        Duration.ofSeconds(10),
        // below the broker's transaction.max.timeout.ms (15 min by default), above a slow
        // checkpoint plus a restart
        Duration.ofMinutes(10),
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
    values.keySet().removeIf(k -> {
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
    RatingConfig c =
        new RatingConfig(
            bootstrap,
            take(values, "topic.events", d.eventsTopic),
            take(values, "topic.accounts", d.accountsTopic),
            take(values, "topic.rules", d.rulesTopic),
            take(values, "topic.charges", d.chargesTopic),
            take(values, "topic.rejected", d.rejectedTopic),
            take(values, "topic.rejected-rules", d.rejectedRulesTopic),
            take(values, "topic.balance-commands", d.balanceCommandsTopic),
            take(values, "topic.estimate-requests", d.estimateRequestsTopic),
            take(values, "topic.estimate-responses", d.estimateResponsesTopic),
            take(values, "topic.movements", d.movementsTopic),
            take(values, "topic.triggers", d.triggersTopic),
            take(values, "topic.balances", d.balancesTopic),
            take(values, "topic.journal", d.journalTopic),
            take(values, "topic.summaries", d.summariesTopic),
            take(values, "topic.analytics", d.analyticsTopic),
            take(values, "topic.corrections", d.correctionsTopic),
            take(values, "topic.ledger-rejected", d.ledgerRejectedTopic),
            take(values, "group.id", d.groupId),
            take(values, "transactional.id.prefix", d.transactionalIdPrefix),
            duration(values, "checkpoint.interval", d.checkpointInterval, where),
            duration(values, "transaction.timeout", d.transactionTimeout, where),
            duration(values, "dedup.window", d.dedupWindow, where),
            duration(values, "pending.timeout", d.pendingTimeout, where),
            Integer.parseInt(take(values, "pending.max-per-account", "" + d.maxPendingPerAccount)),
            duration(values, "allowed.lateness", d.allowedLateness, where),
            duration(values, "max.future.skew", d.maxFutureSkew, where),
            duration(values, "watermark.out-of-orderness", d.outOfOrderness, where),
            duration(values, "source.idleness", d.sourceIdleness, where),
            new BigDecimal(take(values, "max.quantity", d.maxQuantity.toPlainString())),
            Boolean.parseBoolean(take(values, "bounded", "false")),
            Boolean.parseBoolean(take(values, "ledger.enabled", "true")),
            Map.copyOf(balances),
            Map.copyOf(kafka));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": unknown keys " + values.keySet() + " (see the README's configuration reference)");
    }
    try {
      c.triggerPolicy();
      balances.keySet().stream().filter(k -> k.startsWith("burn-order.")).forEach(k -> c.burnOrder(k.substring(11)));
      balances.keySet().stream().filter(k -> !k.startsWith("burn-order.") && !k.startsWith("triggers.")).findFirst()
          .ifPresent(k -> {
            throw new IllegalArgumentException("unknown key balances." + k);
          });
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    if (c.transactionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new IllegalArgumentException(
          where + ": transaction.timeout must not exceed the broker's transaction.max.timeout.ms (15 min by default)");
    }
    return c;
  }

  /**
   * The advice-of-charge thresholds: {@code balances.triggers.balance-below} (minor units, comma
   * list), {@code .below-percent-of-top-up}, {@code .allowance-used-percent} (comma lists),
   * {@code .depletion-days}, {@code .expiring-days} (0 = off), {@code .exhausted} (true/false);
   * defaults as {@link TriggerPolicy#defaults()}.
   */
  public TriggerPolicy triggerPolicy() {
    TriggerPolicy d = TriggerPolicy.defaults();
    Map<String, String> b = balanceSettings;
    return new TriggerPolicy(
        list(b.get("triggers.balance-below"), d.balanceBelowMinor(), Long::valueOf),
        list(b.get("triggers.below-percent-of-top-up"), d.belowPercentOfLastTopUp(), Integer::valueOf),
        list(b.get("triggers.allowance-used-percent"), d.allowanceUsedPercent(), Integer::valueOf),
        b.containsKey("triggers.depletion-days") ? Integer.parseInt(b.get("triggers.depletion-days").trim()) : d.depletionWithinDays(),
        b.containsKey("triggers.expiring-days") ? Integer.parseInt(b.get("triggers.expiring-days").trim()) : d.expiringWithinDays(),
        b.containsKey("triggers.exhausted") ? Boolean.parseBoolean(b.get("triggers.exhausted").trim()) : d.exhausted());
  }

  /** The order grants are drawn in for a plan: {@code balances.burn-order.<plan>=priority,expiry,created}. */
  public BurnOrder burnOrder(String plan) {
    String spec = balanceSettings.get("burn-order." + plan);
    return spec == null ? BurnOrder.DEFAULT : BurnOrder.parse(spec);
  }

  private static <T> List<T> list(String csv, List<T> dflt, java.util.function.Function<String, T> parse) {
    if (csv == null) {
      return dflt;
    }
    return csv.isBlank() ? List.of() : java.util.Arrays.stream(csv.split(",")).map(String::trim).map(parse).toList();
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
    private String summariesTopic;
    private String analyticsTopic;
    private String correctionsTopic;
    private String ledgerRejectedTopic;
    private String groupId;
    private String transactionalIdPrefix;
    private Duration checkpointInterval;
    private Duration transactionTimeout;
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
      summariesTopic = c.summariesTopic;
      analyticsTopic = c.analyticsTopic;
      correctionsTopic = c.correctionsTopic;
      ledgerRejectedTopic = c.ledgerRejectedTopic;
      groupId = c.groupId;
      transactionalIdPrefix = c.transactionalIdPrefix;
      checkpointInterval = c.checkpointInterval;
      transactionTimeout = c.transactionTimeout;
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

    public Builder summariesTopic(String value) {
      summariesTopic = value;
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

    public Builder ledgerEnabled(boolean value) {
      ledgerEnabled = value;
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
          summariesTopic,
          analyticsTopic,
          correctionsTopic,
          ledgerRejectedTopic,
          groupId,
          transactionalIdPrefix,
          checkpointInterval,
          transactionTimeout,
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
          balanceSettings,
          kafkaProperties);
    }
  }

  private static String take(Map<String, String> values, String key, String dflt) {
    String v = values.remove(key);
    return v == null || v.isEmpty() ? dflt : v;
  }

  /** Durations as ISO-8601 ("PT30S") or a number with a unit: 500ms, 30s, 5m, 2h, 7d. */
  static Duration duration(Map<String, String> values, String key, Duration dflt, String where) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return parseDuration(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": " + key + "=" + v + " is not a duration (use 30s, 5m, 2h, 7d or PT30S)");
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

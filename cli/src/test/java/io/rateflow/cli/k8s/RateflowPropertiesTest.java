package io.rateflow.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.balances.triggers.TriggerPolicy;
import io.rateflow.job.RatingConfig;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/rateflow.properties} is the reference sample: it holds every key the job knows, each
 * with a comment, and nothing the job would refuse, so the two cannot drift apart.
 */
class RateflowPropertiesTest {
  private static final String SAMPLE = "rateflow.properties";

  /** The sample's active keys with their values, in file order. */
  private static Map<String, String> sampleKeys() throws Exception {
    Properties p = new Properties();
    p.load(new java.io.StringReader(K8sManifests.read(SAMPLE)));
    Map<String, String> keys = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> keys.put(k, p.getProperty(k)));
    return keys;
  }

  @Test
  void theSampleIsAConfigurationTheJobAccepts() throws Exception {
    RatingConfig c = RatingConfig.load(K8sManifests.file(SAMPLE));
    assertThat(c.bootstrapServers()).isNotBlank();
    // the secret is resolved inside each Kafka client, never written in the file
    assertThat(c.kafkaProperties())
        .containsEntry("sasl.jaas.config", "${env:KAFKA_SASL_JAAS_CONFIG}");
  }

  @Test
  void everyKeyTheJobKnowsIsInTheSample() throws Exception {
    Map<String, String> sample = sampleKeys();
    assertThat(RatingConfig.KEYS)
        .as("keys RatingConfig knows that k8s/rateflow.properties lacks")
        .allSatisfy(k -> assertThat(sample).containsKey(k));
    // the open-ended namespaces are shown by example
    assertThat(sample.keySet())
        .anyMatch(k -> k.startsWith(RatingConfig.PREFIX_BALANCES + "burn-order."));
    assertThat(sample.keySet()).anyMatch(k -> k.startsWith(RatingConfig.PREFIX_KAFKA));
  }

  @Test
  void theSampleHasNoKeyTheJobDoesNotKnow() throws Exception {
    List<String> unknown = new ArrayList<>();
    for (String k : sampleKeys().keySet()) {
      boolean known =
          RatingConfig.KEYS.contains(k)
              || k.startsWith(RatingConfig.PREFIX_KAFKA)
              || k.startsWith(RatingConfig.PREFIX_BALANCES + "burn-order.");
      if (!known) {
        unknown.add(k);
      }
    }
    // kafka.* keys are checked by RatingConfig itself (only settings the Kafka clients know)
    assertThat(unknown).isEmpty();
  }

  @Test
  void everyKeyOfTheSampleHasAComment() throws Exception {
    List<String> lines = K8sManifests.read(SAMPLE).lines().toList();
    List<String> bare = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()
          && !line.startsWith("#")
          && (i == 0 || !lines.get(i - 1).strip().startsWith("#"))) {
        bare.add((i + 1) + ": " + line);
      }
    }
    assertThat(bare).as("keys without a comment line right above them").isEmpty();
  }

  /**
   * KEYS is the list the sample is checked against; this proves it reaches every setting: with
   * every key given a value other than its default, no setting of the record keeps its default. A
   * new setting read under a key missing from KEYS would keep it, and fail here.
   */
  @Test
  void theKeyListReachesEverySettingOfTheConfiguration() throws Exception {
    RatingConfig d = RatingConfig.defaults("kafka:9092");
    Properties p = new Properties();
    for (String key : RatingConfig.KEYS) {
      p.setProperty(
          key,
          key.equals("bootstrap.servers")
              ? "elsewhere:9093"
              : key.startsWith(RatingConfig.PREFIX_BALANCES)
                  ? otherTrigger(key)
                  : otherValue(key, d));
    }
    RatingConfig probe = RatingConfig.fromProperties(p, "probe");
    List<String> unchanged = new ArrayList<>();
    for (RecordComponent c : RatingConfig.class.getRecordComponents()) {
      if (c.getType() != Map.class
          && c.getAccessor().invoke(probe).equals(c.getAccessor().invoke(d))) {
        unchanged.add(c.getName());
      }
    }
    for (RecordComponent c : TriggerPolicy.class.getRecordComponents()) {
      if (c.getAccessor()
          .invoke(probe.triggerPolicy())
          .equals(c.getAccessor().invoke(d.triggerPolicy()))) {
        unchanged.add("triggerPolicy." + c.getName());
      }
    }
    assertThat(unchanged).as("settings that no key of RatingConfig.KEYS changes").isEmpty();
  }

  private static String otherValue(String key, RatingConfig d) {
    if (key.startsWith("topic.")
        || key.equals("group.id")
        || key.equals("transactional.id.prefix")) {
      return "other-" + key;
    }
    return switch (key) {
      // one second more each keeps interval + timeout < transaction timeout <= broker maximum
      case "periods.as-of" -> "2026-12-01T00:00:00Z";
      case "checkpoint.interval" -> seconds(d.checkpointInterval());
      case "checkpoint.timeout" -> seconds(d.checkpointTimeout());
      case "transaction.timeout" -> seconds(d.transactionTimeout());
      case "broker.transaction.max.timeout" -> seconds(d.brokerMaxTransactionTimeout());
      case "dedup.window" -> seconds(d.dedupWindow());
      case "pending.timeout" -> seconds(d.pendingTimeout());
      case "allowed.lateness" -> seconds(d.allowedLateness());
      case "max.future.skew" -> seconds(d.maxFutureSkew());
      case "watermark.out-of-orderness" -> seconds(d.outOfOrderness());
      case "source.idleness" -> seconds(d.sourceIdleness());
      case "pending.max-per-account" -> Integer.toString(d.maxPendingPerAccount() + 1);
      case "max.quantity" -> d.maxQuantity().add(BigDecimal.ONE).toPlainString();
      case "bounded" -> Boolean.toString(!d.bounded());
      case "ledger.enabled" -> Boolean.toString(!d.ledgerEnabled());
      case "ledger.detail-entries" -> Boolean.toString(!d.ledgerDetailEntries());
      default -> throw new AssertionError("no probe value for " + key + ": add one to this test");
    };
  }

  private static String seconds(Duration d) {
    return d.plusSeconds(1).toSeconds() + "s";
  }

  private static String otherTrigger(String key) {
    return switch (key.substring(RatingConfig.PREFIX_BALANCES.length())) {
      case "triggers.balance-below" -> "500";
      case "triggers.below-percent-of-top-up" -> "10";
      case "triggers.allowance-used-percent" -> "90";
      case "triggers.depletion-days" -> "5";
      case "triggers.expiring-days" -> "3";
      case "triggers.exhausted" -> "false";
      default -> throw new AssertionError("no probe value for " + key + ": add one to this test");
    };
  }
}

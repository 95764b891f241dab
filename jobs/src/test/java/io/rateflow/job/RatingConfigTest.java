package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.balances.BurnOrder;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The properties file a deployment gives the job: defaults, overrides, and clear errors. */
class RatingConfigTest {
  @Test
  void keysOverrideDefaultsAndKafkaSettingsPassThrough() {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "kafka:9092");
    p.setProperty("topic.charges", "billing.charges");
    p.setProperty("pending.timeout", "45s");
    p.setProperty("kafka.security.protocol", "SASL_SSL");
    p.setProperty("balances.triggers.balance-below", "500, 100");
    p.setProperty("balances.triggers.allowance-used-percent", "90");
    p.setProperty("balances.burn-order.enterprise", "expiry,priority,created");
    RatingConfig c = RatingConfig.fromProperties(p, "test.properties");

    assertThat(c.chargesTopic()).isEqualTo("billing.charges");
    assertThat(c.eventsTopic()).isEqualTo("activity-events");
    assertThat(c.pendingTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(c.triggerPolicy().balanceBelowMinor()).containsExactly(500L, 100L);
    assertThat(c.triggerPolicy().allowanceUsedPercent()).containsExactly(90);
    assertThat(c.triggerPolicy().expiringWithinDays()).isEqualTo(7);
    assertThat(c.burnOrder("enterprise")).isEqualTo(BurnOrder.parse("expiry,priority,created"));
    assertThat(c.burnOrder("payg")).isEqualTo(BurnOrder.DEFAULT);
  }

  @Test
  void aTypoOrABadValueIsRefusedWithTheFileAndKey() {
    for (List<String> bad :
        List.of(
            List.of("pending.timeuot", "30s"),
            List.of("pending.timeout", "soon"),
            List.of("balances.triggers.balance-below", "-5"),
            List.of("balances.burn-order.x", "cheapest"),
            List.of("balances.colour", "red"),
            List.of("transaction.timeout", "20m"),
            List.of("pending.max-per-account", "lots"),
            List.of("max.quantity", "big"),
            List.of("balances.triggers.depletion-days", "three"))) {
      Properties p = new Properties();
      p.setProperty("bootstrap.servers", "kafka:9092");
      p.setProperty(bad.get(0), bad.get(1));
      assertThatThrownBy(() -> RatingConfig.fromProperties(p, "prod.properties"))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("prod.properties: ");
    }
  }

  @Test
  void theKubernetesConfigurationIsAValidConfiguration() throws Exception {
    // the ConfigMap is generated from this file (k8s/base/kustomization.yaml)
    java.nio.file.Path file = java.nio.file.Path.of("..", "k8s", "rateflow.properties");
    RatingConfig c = RatingConfig.load(file);
    assertThat(c.journalTopic()).isEqualTo("erp-gl-export");
    assertThat(c.kafkaProperties()).containsKey("sasl.jaas.config");
  }

  private static Properties base(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "kafka:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(
      String... keyValues) {
    return assertThatThrownBy(() -> RatingConfig.fromProperties(base(keyValues), "prod.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prod.properties: ");
  }

  @Test
  void kafkaKeysTheClientsDoNotKnowAreRefused() {
    refused("kafka.securty.protocol", "SASL_SSL")
        .hasMessageContaining("kafka.securty.protocol")
        .hasMessageContaining("not a setting");
    refused("kafka.colour", "red").hasMessageContaining("kafka.colour");
  }

  @Test
  void kafkaKeysTheJobSetsItselfAreRefused() {
    for (String k :
        List.of(
            "isolation.level",
            "enable.idempotence",
            "transactional.id",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "group.id",
            "bootstrap.servers",
            "enable.auto.commit",
            "auto.offset.reset")) {
      refused("kafka." + k, "x")
          .as(k)
          .hasMessageContaining("kafka." + k)
          .hasMessageContaining("set by the job");
    }
  }

  @Test
  void knownKafkaKeysAndConfigProvidersPass() {
    RatingConfig c =
        RatingConfig.fromProperties(
            base(
                "kafka.security.protocol",
                "SASL_SSL",
                "kafka.sasl.mechanism",
                "SCRAM-SHA-512",
                "kafka.max.poll.records",
                "500",
                "kafka.linger.ms",
                "5",
                "kafka.config.providers",
                "env",
                "kafka.config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "kafka.partition.discovery.interval.ms",
                "60000"),
            "ok.properties");
    assertThat(c.kafkaProperties())
        .containsKeys(
            "security.protocol",
            "max.poll.records",
            "linger.ms",
            "config.providers.env.class",
            "partition.discovery.interval.ms");
  }

  @Test
  void unknownBalancesKeysAreRefused() {
    refused("balances.triggers.balance-belov", "100")
        .hasMessageContaining("balances.triggers.balance-belov");
    refused("balances.burn-orders.gold", "priority")
        .hasMessageContaining("balances.burn-orders.gold");
  }

  @Test
  void booleansAreOnlyTrueOrFalse() {
    for (String k :
        List.of(
            "bounded", "ledger.enabled", "ledger.detail-entries", "balances.triggers.exhausted")) {
      for (String bad : List.of("yes", "1", "TRUE ", "flase")) {
        refused(k, bad)
            .as(k + "=" + bad)
            .hasMessageContaining(k)
            .hasMessageContaining("true or false");
      }
    }
    RatingConfig c =
        RatingConfig.fromProperties(
            base(
                "bounded",
                "true",
                "ledger.enabled",
                "false",
                "balances.triggers.exhausted",
                "false"),
            "ok.properties");
    assertThat(c.bounded()).isTrue();
    assertThat(c.ledgerEnabled()).isFalse();
    assertThat(c.triggerPolicy().exhausted()).isFalse();
  }

  @Test
  void theGlImportIsSummariesAndTheDetailTopicIsOptIn() {
    RatingConfig d = RatingConfig.defaults("kafka:9092");
    assertThat(d.ledgerDetailEntries()).isFalse();
    assertThat(d.journalDetailTopic()).isEqualTo("erp-gl-detail");
    RatingConfig c =
        RatingConfig.fromProperties(
            base("ledger.detail-entries", "true", "topic.journal-detail", "gl-lines"),
            "ok.properties");
    assertThat(c.ledgerDetailEntries()).isTrue();
    assertThat(c.journalDetailTopic()).isEqualTo("gl-lines");
    assertThat(c.toBuilder().build()).isEqualTo(c);
    // the retired key is an unknown key, not silently ignored
    refused("topic.summaries", "erp-gl-summaries").hasMessageContaining("topic.summaries");
  }

  @Test
  void numberErrorsNameTheKeyAndTheFile() {
    refused("pending.max-per-account", "ten").hasMessageContaining("pending.max-per-account=ten");
    refused("max.quantity", "1e").hasMessageContaining("max.quantity=1e");
    refused("balances.triggers.balance-below", "500,x")
        .hasMessageContaining("balances.triggers.balance-below=x");
    refused("balances.triggers.allowance-used-percent", "80,%")
        .hasMessageContaining("balances.triggers.allowance-used-percent");
    refused("balances.triggers.expiring-days", "soon")
        .hasMessageContaining("balances.triggers.expiring-days=soon");
    refused("kafka.transaction.timeout.ms", "15min")
        .hasMessageContaining("kafka.transaction.timeout.ms=15min");
  }

  @Test
  void zeroOrNegativeValuesAreRefusedWhereTheyMakeNoSense() {
    for (String k :
        List.of(
            "checkpoint.interval",
            "checkpoint.timeout",
            "transaction.timeout",
            "dedup.window",
            "pending.timeout",
            "source.idleness",
            "broker.transaction.max.timeout")) {
      refused(k, "0s").as(k).hasMessageContaining(k).hasMessageContaining("greater than zero");
      refused(k, "-5s").as(k).hasMessageContaining(k);
    }
    for (String k : List.of("allowed.lateness", "max.future.skew", "watermark.out-of-orderness")) {
      refused(k, "PT-5S").as(k).hasMessageContaining(k).hasMessageContaining("negative");
      assertThat(RatingConfig.fromProperties(base(k, "0s"), "ok.properties")).isNotNull();
    }
    refused("pending.max-per-account", "0").hasMessageContaining("pending.max-per-account=0");
    refused("pending.max-per-account", "-1").hasMessageContaining("pending.max-per-account");
    refused("max.quantity", "0").hasMessageContaining("max.quantity");
  }

  @Test
  void theTransactionTimeoutMustOutlastACheckpointAndFitTheBroker() {
    RatingConfig d = RatingConfig.fromProperties(base(), "ok.properties");
    assertThat(d.checkpointTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
    // 10 s + 2 min = 130 s: 130 s is not enough, 131 s is
    refused("transaction.timeout", "130s")
        .hasMessageContaining("checkpoint.interval + checkpoint.timeout");
    assertThat(
            RatingConfig.fromProperties(base("transaction.timeout", "131s"), "ok.properties")
                .transactionTimeout())
        .isEqualTo(Duration.ofSeconds(131));
    refused("transaction.timeout", "5m", "checkpoint.interval", "1m", "checkpoint.timeout", "4m")
        .hasMessageContaining("checkpoint.interval + checkpoint.timeout");
    refused("transaction.timeout", "16m").hasMessageContaining("transaction.max.timeout.ms");
    // a broker with a higher maximum, stated by the user
    assertThat(
            RatingConfig.fromProperties(
                    base("transaction.timeout", "30m", "broker.transaction.max.timeout", "1h"),
                    "ok.properties")
                .transactionTimeout())
        .isEqualTo(Duration.ofMinutes(30));
    refused("transaction.timeout", "2h", "broker.transaction.max.timeout", "1h")
        .hasMessageContaining("broker.transaction.max.timeout");
  }

  @Test
  void theKafkaTransactionTimeoutIsAnAliasNeverSilentlyOverridden() {
    RatingConfig c =
        RatingConfig.fromProperties(
            base("kafka.transaction.timeout.ms", "900000"), "ok.properties");
    assertThat(c.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.kafkaProperties()).doesNotContainKey("transaction.timeout.ms");
    assertThat(KafkaIO.sinkProperties(c).getProperty("transaction.timeout.ms")).isEqualTo("900000");

    RatingConfig same =
        RatingConfig.fromProperties(
            base("kafka.transaction.timeout.ms", "300000", "transaction.timeout", "5m"),
            "ok.properties");
    assertThat(KafkaIO.sinkProperties(same).getProperty("transaction.timeout.ms"))
        .isEqualTo("300000");

    refused("kafka.transaction.timeout.ms", "900000", "transaction.timeout", "10m")
        .hasMessageContaining("disagree");
    refused("kafka.transaction.timeout.ms", "3600000")
        .hasMessageContaining("transaction.max.timeout.ms");

    RatingConfig conflicting =
        RatingConfig.defaults("kafka:9092").toBuilder()
            .kafkaProperties(java.util.Map.of("transaction.timeout.ms", "1234"))
            .build();
    assertThatThrownBy(() -> KafkaIO.sinkProperties(conflicting)).hasMessageContaining("disagrees");
  }

  @Test
  void theCheckpointTimeoutIsReadFromTheFile() {
    assertThat(
            RatingConfig.fromProperties(base("checkpoint.timeout", "3m"), "ok.properties")
                .checkpointTimeout())
        .isEqualTo(Duration.ofMinutes(3));
  }
}

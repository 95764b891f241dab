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
    for (List<String> bad : List.of(List.of("pending.timeuot", "30s"), List.of("pending.timeout", "soon"),
        List.of("balances.triggers.balance-below", "-5"), List.of("balances.burn-order.x", "cheapest"),
        List.of("balances.colour", "red"), List.of("transaction.timeout", "20m"))) {
      Properties p = new Properties();
      p.setProperty("bootstrap.servers", "kafka:9092");
      p.setProperty(bad.get(0), bad.get(1));
      assertThatThrownBy(() -> RatingConfig.fromProperties(p, "prod.properties"))
          .as(bad.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prod.properties: ");
    }
  }

  @Test
  void theKubernetesConfigMapIsAValidConfiguration() throws Exception {
    java.nio.file.Path file = java.nio.file.Path.of("..", "k8s", "configmap.yaml");
    java.util.Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(file));
    @SuppressWarnings("unchecked")
    String text = ((java.util.Map<String, String>) doc.get("data")).get("rateflow.properties");
    Properties p = new Properties();
    p.load(new java.io.StringReader(text));
    RatingConfig c = RatingConfig.fromProperties(p, file.toString());
    assertThat(c.journalTopic()).isEqualTo("erp-gl-export");
    assertThat(c.kafkaProperties()).containsKey("sasl.jaas.config");
  }
}

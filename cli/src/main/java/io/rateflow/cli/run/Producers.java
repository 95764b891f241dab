package io.rateflow.cli.run;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.PricingRule;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producers the launcher uses to load rules, accounts and traffic. */
public final class Producers {
  private Producers() {}

  /** An idempotent producer tuned for bulk loads; extra client settings (security) on top. */
  public static KafkaProducer<byte[], byte[]> bulk(
      String bootstrapServers, Map<String, String> extra) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("linger.ms", "20");
    p.put("batch.size", Integer.toString(256 * 1024));
    p.putAll(extra);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Publishes rule records in one transaction, so that a set of rule files lands whole or not at
   * all.
   */
  public static void publishRules(
      String bootstrapServers,
      Map<String, String> extra,
      String topic,
      Collection<PricingRule> rules) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("transactional.id", "rateflow-rules-publisher");
    p.putAll(extra);
    AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (PricingRule r : rules) {
        producer.send(new ProducerRecord<>(topic, bytes(RuleLoader.key(r)), codec.encode(r)));
      }
      producer.commitTransaction();
    }
  }

  public static void publishAccounts(
      KafkaProducer<byte[], byte[]> producer, String topic, Collection<AccountProfile> accounts) {
    AvroCodec<AccountProfile> codec = AvroCodec.of(AccountProfile.class);
    for (AccountProfile a : accounts) {
      producer.send(new ProducerRecord<>(topic, bytes(a.getAccountId()), codec.encode(a)));
    }
    producer.flush();
  }

  public static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.rateflow.cli.status;

import io.rateflow.avro.PricingRule;
import io.rateflow.cli.kafka.Topics;
import io.rateflow.cli.topics.JobTopic;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks the broker, with the job's own connection and security settings, how far the job's consumer
 * group is behind and which rule versions are on the rules topic.
 *
 * <p>Every source of the job uses the one {@code group.id} of the configuration ({@code KafkaIO}),
 * and Flink's Kafka source commits its offsets to that group when a checkpoint completes: the
 * committed offsets are the job's position as of its last checkpoint, not a live position.
 */
public final class KafkaProbe {
  private KafkaProbe() {}

  /** The topics the job reads, with the configuration key naming each, in the job's order. */
  static Map<String, String> inputTopics(RatingConfig c) {
    return JobTopic.used(c, true);
  }

  /** Never throws for an unreachable broker or a missing topic: the status says what went wrong. */
  public static KafkaStatus probe(RatingConfig config, Instant now, Duration timeout) {
    String where = config.bootstrapServers();
    Map<String, Object> p = new HashMap<>(config.kafkaProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, where);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "rateflow-status");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    List<TopicLag> lag;
    try (Admin admin = Admin.create(p)) {
      lag = lag(admin, config, timeout);
    } catch (TimeoutException e) {
      return KafkaStatus.unreachable(
          where,
          config.groupId(),
          config.rulesTopic(),
          "Kafka at "
              + where
              + " did not answer within "
              + timeout.toSeconds()
              + " s: check bootstrap.servers and the kafka.* settings in the"
              + " configuration, and that the brokers are up");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalStateException missing) {
        return KafkaStatus.unreachable(
            where,
            config.groupId(),
            config.rulesTopic(),
            "Kafka at " + where + ": " + missing.getMessage());
      }
      return KafkaStatus.unreachable(
          where,
          config.groupId(),
          config.rulesTopic(),
          "Kafka at "
              + where
              + " refused: "
              + e.getCause().getMessage()
              + " (check the topic.* names and that the job's user may DESCRIBE its topics and group)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return KafkaStatus.unreachable(
          where,
          config.groupId(),
          config.rulesTopic(),
          "interrupted while asking Kafka at " + where);
    } catch (RuntimeException e) {
      return KafkaStatus.unreachable(
          where,
          config.groupId(),
          config.rulesTopic(),
          "cannot connect to Kafka at "
              + where
              + ": "
              + e.getMessage()
              + " (check bootstrap.servers and the kafka.* settings in the configuration)");
    }
    List<RuleSetState> rules = List.of();
    String rulesError = null;
    try {
      rules = RulesInForce.at(readRules(config, timeout), now);
    } catch (RuntimeException e) {
      rulesError = "cannot read the rules topic '" + config.rulesTopic() + "': " + e.getMessage();
    }
    return new KafkaStatus(
        where, config.groupId(), null, lag, config.rulesTopic(), rules, rulesError);
  }

  private static List<TopicLag> lag(Admin admin, RatingConfig config, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, String> topics = inputTopics(config);
    Map<String, TopicDescription> described = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (var d : admin.describeTopics(topics.keySet()).topicNameValues().entrySet()) {
      try {
        described.put(d.getKey(), get(d.getValue(), timeout));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        missing.add("'" + d.getKey() + "' (" + topics.get(d.getKey()) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new ExecutionException(
          new IllegalStateException(
              "input topic "
                  + String.join(", ", missing)
                  + " does not exist; create it, or set the topic.* key to the topic the job reads"));
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (TopicDescription d : described.values()) {
      d.partitions()
          .forEach(
              pi -> {
                latest.put(new TopicPartition(d.name(), pi.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(d.name(), pi.partition()), OffsetSpec.earliest());
              });
    }
    // The sources read read_committed: the last stable offset is as far as they can get.
    ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        get(admin.listOffsets(latest, committedOnly).all(), timeout);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        get(admin.listOffsets(earliest, committedOnly).all(), timeout);
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(
            admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata(),
            timeout);
    List<TopicLag> out = new ArrayList<>();
    for (var topic : topics.entrySet()) {
      TopicDescription d = described.get(topic.getKey());
      long end = 0;
      long done = 0;
      long behind = 0;
      int uncommitted = 0;
      for (var pi : d.partitions()) {
        TopicPartition tp = new TopicPartition(d.name(), pi.partition());
        long e = ends.get(tp).offset();
        OffsetAndMetadata c = committed.get(tp);
        end += e;
        if (c == null) {
          uncommitted++;
          behind += Math.max(0, e - starts.get(tp).offset());
        } else {
          done += c.offset();
          behind += Math.max(0, e - c.offset());
        }
      }
      out.add(
          new TopicLag(
              topic.getKey(),
              topic.getValue(),
              d.partitions().size(),
              end,
              done,
              behind,
              uncommitted));
    }
    return out;
  }

  /** Every record on the rules topic, read_committed, decoded as the job decodes them. */
  private static List<PricingRule> readRules(RatingConfig config, Duration timeout) {
    Map<String, Object> c = new HashMap<>(config.kafkaProperties());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "rateflow-status-rules");
    c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
    List<PricingRule> out = new ArrayList<>();
    Topics.with(c)
        .forEachCommitted(
            config.rulesTopic(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer(),
            timeout.multipliedBy(2),
            r -> {
              try {
                out.add(codec.decode(r.value()));
              } catch (Exception e) {
                // the job rejects it to rejected-rules; it is never in force
              }
            });
    return out;
  }

  private static <T> T get(KafkaFuture<T> f, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    try {
      return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new TimeoutException(e.getCause().getMessage());
      }
      throw e;
    }
  }
}

package io.rateflow.cli.run;

import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.pricing.ChargeKind;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's committed output as a downstream consumer would ({@code read_committed}) and
 * keeps the totals the demo and the tests check: charges, amounts per currency and meter,
 * rejections per reason, and any charge id seen twice (which exactly-once must never allow).
 */
public final class OutputTally implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String chargesTopic;
  private final String eventsTopic;
  private final AvroCodec<Charge> charges = AvroCodec.of(Charge.class);
  private final AvroCodec<RejectedEvent> rejections = AvroCodec.of(RejectedEvent.class);

  private long chargeCount;
  private long rejectedEvents;
  private long rejectedOther;
  private final Set<String> chargeIds = new HashSet<>();
  private final Set<String> ratedEventIds = new HashSet<>();
  private long duplicateChargeIds;
  private final Map<String, Long> minorByCurrency = new TreeMap<>();
  private final Map<String, Integer> digitsByCurrency = new TreeMap<>();
  private final Map<String, Long> minorByMeterCurrency = new TreeMap<>();
  private final Map<String, Long> rejectedByReason = new TreeMap<>();
  private final List<Charge> keptCharges = new ArrayList<>();
  private final List<RejectedEvent> keptRejections = new ArrayList<>();
  private final boolean keep;

  /**
   * @param keep whether to keep every record in memory (tests), or only the totals (demo)
   */
  public OutputTally(
      String bootstrapServers,
      String chargesTopic,
      String rejectedTopic,
      String eventsTopic,
      boolean keep) {
    this.consumer = fromStart(bootstrapServers, List.of(chargesTopic, rejectedTopic), 5000);
    this.chargesTopic = chargesTopic;
    this.eventsTopic = eventsTopic;
    this.keep = keep;
  }

  /**
   * A consumer of every partition of the topics from the start, reading only committed records, as
   * downstream systems must; no consumer group, nothing committed.
   */
  static KafkaConsumer<byte[], byte[]> fromStart(
      String bootstrapServers, List<String> topics, int maxPollRecords) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", Integer.toString(maxPollRecords));
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** Reads what has been committed since the last call, waiting at most {@code wait}. */
  public void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      try {
        if (r.topic().equals(chargesTopic)) {
          add(charges.decode(r.value()));
        } else {
          add(rejections.decode(r.value()));
        }
      } catch (Exception e) {
        throw new IllegalStateException(
            "undecodable output record at " + r.topic() + "/" + r.partition() + "@" + r.offset(),
            e);
      }
    }
  }

  private void add(Charge c) {
    chargeCount++;
    if (!chargeIds.add(c.getChargeId())) {
      duplicateChargeIds++;
    }
    if (ChargeKind.ratesAnEvent(c.getChargeKind())) {
      ratedEventIds.add(c.getAccountId() + "/" + c.getEventId());
    }
    minorByCurrency.merge(c.getCurrency(), c.getAmountMinor(), Math::addExact);
    digitsByCurrency.put(c.getCurrency(), c.getCurrencyDigits());
    minorByMeterCurrency.merge(
        c.getMeter() + " " + c.getCurrency(), c.getAmountMinor(), Math::addExact);
    if (keep) {
      keptCharges.add(c);
    }
  }

  private void add(RejectedEvent r) {
    if (r.getSourceTopic().equals(eventsTopic)) {
      rejectedEvents++;
      rejectedByReason.merge(r.getReasonCode(), 1L, Long::sum);
    } else {
      rejectedOther++;
    }
    if (keep) {
      keptRejections.add(r);
    }
  }

  /** Events rated: distinct events with at least one charge line. */
  public long rated() {
    return ratedEventIds.size();
  }

  public long charges() {
    return chargeCount;
  }

  /** Rejections of records from the events topic. */
  public long rejectedEvents() {
    return rejectedEvents;
  }

  /** Rejections of records from other topics (account profiles). */
  public long rejectedOther() {
    return rejectedOther;
  }

  public long duplicateChargeIds() {
    return duplicateChargeIds;
  }

  public Map<String, Long> rejectedByReason() {
    return rejectedByReason;
  }

  /** Exact totals per currency as decimals of the currency's minor digits. */
  public Map<String, BigDecimal> amountByCurrency() {
    Map<String, BigDecimal> out = new TreeMap<>();
    minorByCurrency.forEach(
        (cur, minor) -> out.put(cur, BigDecimal.valueOf(minor, digitsByCurrency.get(cur))));
    return out;
  }

  /** "meter CUR" → exact total. */
  public Map<String, BigDecimal> amountByMeter() {
    Map<String, BigDecimal> out = new TreeMap<>();
    minorByMeterCurrency.forEach(
        (k, minor) ->
            out.put(
                k,
                BigDecimal.valueOf(
                    minor, digitsByCurrency.get(k.substring(k.lastIndexOf(' ') + 1)))));
    return out;
  }

  public List<Charge> keptCharges() {
    return keptCharges;
  }

  public List<RejectedEvent> keptRejections() {
    return keptRejections;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}

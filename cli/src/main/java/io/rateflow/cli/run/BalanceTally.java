package io.rateflow.cli.run;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the committed balance movements and triggers, as a CRM or billing system would: totals by
 * kind, and every trigger handed to a listener (the demo's simulated customers react to them).
 */
public final class BalanceTally implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String movementsTopic;
  private final AvroCodec<BalanceMovementRecord> movements =
      AvroCodec.of(BalanceMovementRecord.class);
  private final AvroCodec<PromotionTriggerRecord> triggers =
      AvroCodec.of(PromotionTriggerRecord.class);
  private final Map<String, Long> triggersByKind = new TreeMap<>();
  private final Set<String> triggerIds = new HashSet<>();
  private long duplicateTriggerIds;
  private final Map<String, Long> minorByMovement = new TreeMap<>();
  private final Map<String, Integer> digits = new TreeMap<>();
  private final Set<String> causes = new HashSet<>();
  private final List<PromotionTriggerRecord> kept = new ArrayList<>();
  private final Consumer<PromotionTriggerRecord> listener;

  public BalanceTally(
      String bootstrapServers,
      String movementsTopic,
      String triggersTopic,
      Consumer<PromotionTriggerRecord> listener) {
    this.consumer =
        OutputTally.fromStart(bootstrapServers, List.of(movementsTopic, triggersTopic), 500);
    this.movementsTopic = movementsTopic;
    this.listener = listener;
  }

  public void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      try {
        if (r.topic().equals(movementsTopic)) {
          BalanceMovementRecord m = movements.decode(r.value());
          // usage without a grant is what a prepaid-only account drew beyond its credit
          String source =
              m.getGrantKind() != null
                  ? " " + m.getGrantKind()
                  : m.getGrantId() == null ? " OVERDRAFT" : "";
          String key = m.getKind() + source + " " + m.getCurrency();
          minorByMovement.merge(key, m.getAmountMinor(), Math::addExact);
          digits.put(m.getCurrency(), m.getCurrencyDigits());
          causes.add(m.getCause());
        } else {
          PromotionTriggerRecord t = triggers.decode(r.value());
          if (!triggerIds.add(t.getTriggerId())) {
            duplicateTriggerIds++;
          }
          triggersByKind.merge(t.getKind(), 1L, Long::sum);
          kept.add(t);
          listener.accept(t);
        }
      } catch (Exception e) {
        throw new IllegalStateException(
            "undecodable record at " + r.topic() + "/" + r.partition() + "@" + r.offset(), e);
      }
    }
  }

  /** Whether a movement caused by this command (or usage) id has been committed. */
  public boolean sawCause(String cause) {
    return causes.contains(cause);
  }

  public Map<String, Long> triggersByKind() {
    return triggersByKind;
  }

  public long duplicateTriggerIds() {
    return duplicateTriggerIds;
  }

  public List<PromotionTriggerRecord> triggers() {
    return kept;
  }

  /** "KIND GRANTKIND CUR" → exact signed total (+ adds credit, − draws it down). */
  public Map<String, BigDecimal> movementTotals() {
    Map<String, BigDecimal> out = new TreeMap<>();
    minorByMovement.forEach(
        (k, minor) ->
            out.put(k, BigDecimal.valueOf(minor, digits.get(k.substring(k.lastIndexOf(' ') + 1)))));
    return out;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}

package io.rateflow.cli.ledger;

import io.rateflow.cli.kafka.Topics;
import io.rateflow.schema.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed on a topic up to now, read as a downstream consumer must read Rateflow's
 * exactly-once output: {@code read_committed}, from the beginning to the end offsets taken at the
 * start (so a busy topic still gives a finite, consistent snapshot).
 */
public final class TopicSnapshot {
  private TopicSnapshot() {}

  /**
   * @throws IllegalStateException naming topic, partition and offset of a record that does not
   *     decode
   */
  public static <T extends SpecificRecordBase> List<T> read(
      String bootstrap,
      Map<String, String> clientConfig,
      String topic,
      Class<T> type,
      Duration timeout) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put("bootstrap.servers", bootstrap);
    AvroCodec<T> codec = AvroCodec.of(type);
    List<T> out = new ArrayList<>();
    Topics.with(config)
        .forEachCommitted(
            topic,
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer(),
            timeout,
            r -> {
              try {
                out.add(codec.decode(r.value()));
              } catch (Exception e) {
                throw new IllegalStateException(
                    r.topic()
                        + "/"
                        + r.partition()
                        + "@"
                        + r.offset()
                        + " is not a valid "
                        + type.getSimpleName()
                        + ": "
                        + e.getMessage(),
                    e);
              }
            });
    return out;
  }
}

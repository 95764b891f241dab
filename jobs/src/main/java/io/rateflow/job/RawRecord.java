package io.rateflow.job;

/**
 * A record as it came off Kafka (or a line of a file), before decoding: the bytes are kept so a
 * record that cannot be rated goes to the dead-letter topic exactly as it arrived.
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so it is serialised without Kryo.
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.value = value;
  }

  /** "topic/partition@offset", for messages that point at the record. */
  public String where() {
    return topic + "/" + partition + "@" + offset;
  }
}

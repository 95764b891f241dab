package io.rateflow.job;

import io.rateflow.avro.Inbound;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.rating.RejectReason;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds dead-letter records; every one carries the original bytes and where they came from. */
public final class Rejections {
  /**
   * The most of a rejected record's bytes a dead letter carries. An input can be as large as its
   * topic allows (1 MiB by default); wrapped in a dead letter with its message it would exceed the
   * output topic's limit, and a record the sink cannot write fails the job on it at every restart.
   * Past this size the dead letter keeps the first bytes and says where the whole record is.
   */
  public static final int MAX_PAYLOAD_BYTES = 512 * 1024;

  private Rejections() {}

  /**
   * The payload a dead letter carries: the original bytes, or their first {@link
   * #MAX_PAYLOAD_BYTES}.
   */
  public static ByteBuffer payload(ByteBuffer original) {
    if (original.remaining() <= MAX_PAYLOAD_BYTES) {
      return original;
    }
    ByteBuffer head = original.duplicate();
    head.limit(head.position() + MAX_PAYLOAD_BYTES);
    return head.slice();
  }

  /** What to add to a dead letter's message when its payload was cut; empty when it was not. */
  public static String payloadNote(ByteBuffer original, String where) {
    return original.remaining() <= MAX_PAYLOAD_BYTES
        ? ""
        : " (payload cut to its first "
            + MAX_PAYLOAD_BYTES
            + " of "
            + original.remaining()
            + " bytes; the whole record is at "
            + where
            + ")";
  }

  public static RejectedEvent of(
      RawRecord raw,
      RejectReason reason,
      String message,
      String eventId,
      String accountId,
      long now) {
    return RejectedEvent.newBuilder()
        .setReasonCode(reason.name())
        .setMessage(
            message
                + " ["
                + raw.where()
                + "]"
                + payloadNote(ByteBuffer.wrap(raw.value), raw.where()))
        .setEventId(eventId)
        .setAccountId(accountId)
        .setPayload(payload(ByteBuffer.wrap(raw.value)))
        .setSourceTopic(raw.topic)
        .setSourcePartition(raw.partition)
        .setSourceOffset(raw.offset)
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }

  public static RejectedEvent of(
      Inbound in, String reasonCode, String message, String eventId, long now) {
    String where = in.getSourceTopic() + "/" + in.getSourcePartition() + "@" + in.getSourceOffset();
    return RejectedEvent.newBuilder()
        .setReasonCode(reasonCode)
        .setMessage(message + " [" + where + "]" + payloadNote(in.getRaw(), where))
        .setEventId(eventId)
        .setAccountId(in.getAccountId())
        .setPayload(payload(in.getRaw()))
        .setSourceTopic(in.getSourceTopic())
        .setSourcePartition(in.getSourcePartition())
        .setSourceOffset(in.getSourceOffset())
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }
}

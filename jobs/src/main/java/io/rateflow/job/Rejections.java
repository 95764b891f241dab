package io.rateflow.job;

import io.rateflow.avro.Inbound;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.rating.RejectReason;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds dead-letter records; every one carries the original bytes and where they came from. */
public final class Rejections {
  private Rejections() {}

  public static RejectedEvent of(RawRecord raw, RejectReason reason, String message, String eventId, String accountId, long now) {
    return RejectedEvent.newBuilder()
        .setReasonCode(reason.name())
        .setMessage(message + " [" + raw.where() + "]")
        .setEventId(eventId)
        .setAccountId(accountId)
        .setPayload(ByteBuffer.wrap(raw.value))
        .setSourceTopic(raw.topic)
        .setSourcePartition(raw.partition)
        .setSourceOffset(raw.offset)
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }

  public static RejectedEvent of(Inbound in, String reasonCode, String message, String eventId, long now) {
    return RejectedEvent.newBuilder()
        .setReasonCode(reasonCode)
        .setMessage(message + " [" + in.getSourceTopic() + "/" + in.getSourcePartition() + "@" + in.getSourceOffset() + "]")
        .setEventId(eventId)
        .setAccountId(in.getAccountId())
        .setPayload(in.getRaw())
        .setSourceTopic(in.getSourceTopic())
        .setSourcePartition(in.getSourcePartition())
        .setSourceOffset(in.getSourceOffset())
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }
}

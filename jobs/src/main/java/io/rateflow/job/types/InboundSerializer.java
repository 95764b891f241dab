package io.rateflow.job.types;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link Inbound}, the record every input crosses the shuffle by account as, and the one held
 * inputs are kept as (format version 1). The payload is a tag byte (the union's branch, in schema
 * order) and then the branch's own fields.
 */
public final class InboundSerializer extends RecordSerializer<Inbound> {
  private static final long serialVersionUID = 1L;
  public static final InboundSerializer INSTANCE = new InboundSerializer();

  private static final byte NO_PAYLOAD = 0;
  private static final byte ACTIVITY_EVENT = 1;
  private static final byte ACCOUNT_PROFILE = 2;
  private static final byte BALANCE_COMMAND = 3;
  private static final byte ESTIMATE_REQUEST = 4;

  @Override
  public Inbound createInstance() {
    return new Inbound();
  }

  @Override
  public Inbound copy(Inbound from) {
    Inbound to = new Inbound();
    to.setAccountId(from.getAccountId());
    to.setPayload(copyPayload(from.getPayload()));
    to.setRaw(Fields.copyBytes(from.getRaw()));
    to.setSourceTopic(from.getSourceTopic());
    to.setSourcePartition(from.getSourcePartition());
    to.setSourceOffset(from.getSourceOffset());
    to.setIngestedAt(from.getIngestedAt());
    to.setHeldSince(from.getHeldSince());
    return to;
  }

  private static Object copyPayload(Object p) {
    if (p instanceof ActivityEvent e) {
      return ActivityEventSerializer.INSTANCE.copy(e);
    } else if (p instanceof AccountProfile a) {
      return AccountProfileSerializer.INSTANCE.copy(a);
    } else if (p instanceof BalanceCommand c) {
      return BalanceCommandSerializer.INSTANCE.copy(c);
    } else if (p instanceof EstimateRequest r) {
      return EstimateRequestSerializer.INSTANCE.copy(r);
    } else if (p == null) {
      return null;
    }
    throw unknownPayload(p);
  }

  @Override
  public void serialize(Inbound in, DataOutputView out) throws IOException {
    Fields.writeString(in.getAccountId(), out);
    Object p = in.getPayload();
    if (p instanceof ActivityEvent e) {
      out.writeByte(ACTIVITY_EVENT);
      ActivityEventSerializer.INSTANCE.serialize(e, out);
    } else if (p instanceof AccountProfile a) {
      out.writeByte(ACCOUNT_PROFILE);
      AccountProfileSerializer.INSTANCE.serialize(a, out);
    } else if (p instanceof BalanceCommand c) {
      out.writeByte(BALANCE_COMMAND);
      BalanceCommandSerializer.INSTANCE.serialize(c, out);
    } else if (p instanceof EstimateRequest r) {
      out.writeByte(ESTIMATE_REQUEST);
      EstimateRequestSerializer.INSTANCE.serialize(r, out);
    } else if (p == null) {
      out.writeByte(NO_PAYLOAD);
    } else {
      throw unknownPayload(p);
    }
    Fields.writeBytes(in.getRaw(), out);
    Fields.writeString(in.getSourceTopic(), out);
    Fields.writeVarLong(in.getSourcePartition(), out);
    Fields.writeVarLong(in.getSourceOffset(), out);
    Fields.writeVarLong(in.getIngestedAt(), out);
    Fields.writeVarLong(in.getHeldSince(), out);
  }

  @Override
  public Inbound deserialize(DataInputView source) throws IOException {
    Inbound in = new Inbound();
    in.setAccountId(Fields.readString(source));
    byte tag = source.readByte();
    in.setPayload(
        switch (tag) {
          case ACTIVITY_EVENT -> ActivityEventSerializer.INSTANCE.deserialize(source);
          case ACCOUNT_PROFILE -> AccountProfileSerializer.INSTANCE.deserialize(source);
          case BALANCE_COMMAND -> BalanceCommandSerializer.INSTANCE.deserialize(source);
          case ESTIMATE_REQUEST -> EstimateRequestSerializer.INSTANCE.deserialize(source);
          case NO_PAYLOAD -> null;
          default -> throw new IOException("corrupt Inbound: payload tag " + tag);
        });
    in.setRaw(Fields.readBytes(source));
    in.setSourceTopic(Fields.readString(source));
    in.setSourcePartition((int) Fields.readVarLong(source));
    in.setSourceOffset(Fields.readVarLong(source));
    in.setIngestedAt(Fields.readVarLong(source));
    in.setHeldSince(Fields.readVarLong(source));
    return in;
  }

  private static IllegalArgumentException unknownPayload(Object p) {
    return new IllegalArgumentException(
        "Inbound payload of unknown type " + p.getClass().getName());
  }

  @Override
  public TypeSerializerSnapshot<Inbound> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<Inbound> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

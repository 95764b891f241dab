package io.rateflow.job.types;

import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link BalanceCommand}, field by field in schema order (format version 1). */
public final class BalanceCommandSerializer extends RecordSerializer<BalanceCommand> {
  private static final long serialVersionUID = 1L;
  public static final BalanceCommandSerializer INSTANCE = new BalanceCommandSerializer();
  private static final BalanceCommandType[] TYPES = BalanceCommandType.values();
  private static final BalanceGrantKind[] GRANT_KINDS = BalanceGrantKind.values();

  @Override
  public BalanceCommand createInstance() {
    return new BalanceCommand();
  }

  @Override
  public BalanceCommand copy(BalanceCommand from) {
    BalanceCommand to = new BalanceCommand();
    to.setCommandId(from.getCommandId());
    to.setAccountId(from.getAccountId());
    to.setType(from.getType());
    to.setAmountMinor(from.getAmountMinor());
    to.setCurrency(from.getCurrency());
    to.setGrantKind(from.getGrantKind());
    to.setGrantId(from.getGrantId());
    to.setMeter(from.getMeter());
    to.setUnits(from.getUnits());
    to.setPriority(from.getPriority());
    to.setExpiry(from.getExpiry());
    to.setSource(from.getSource());
    to.setReason(from.getReason());
    if (from.getIssuedAt() != null) { // the generated setter truncates, so takes no null
      to.setIssuedAt(from.getIssuedAt());
    }
    return to;
  }

  @Override
  public void serialize(BalanceCommand c, DataOutputView out) throws IOException {
    Fields.writeString(c.getCommandId(), out);
    Fields.writeString(c.getAccountId(), out);
    Fields.writeEnum(c.getType(), out);
    Fields.writeVarLong(c.getAmountMinor(), out);
    Fields.writeString(c.getCurrency(), out);
    Fields.writeEnum(c.getGrantKind(), out);
    Fields.writeString(c.getGrantId(), out);
    Fields.writeString(c.getMeter(), out);
    Fields.writeString(c.getUnits(), out);
    Fields.writeVarLong(c.getPriority(), out);
    Fields.writeInstant(c.getExpiry(), out);
    Fields.writeString(c.getSource(), out);
    Fields.writeString(c.getReason(), out);
    Fields.writeInstant(c.getIssuedAt(), out);
  }

  @Override
  public BalanceCommand deserialize(DataInputView in) throws IOException {
    BalanceCommand c = new BalanceCommand();
    c.setCommandId(Fields.readString(in));
    c.setAccountId(Fields.readString(in));
    c.setType(Fields.readEnum(TYPES, in));
    c.setAmountMinor(Fields.readVarLong(in));
    c.setCurrency(Fields.readString(in));
    c.setGrantKind(Fields.readEnum(GRANT_KINDS, in));
    c.setGrantId(Fields.readString(in));
    c.setMeter(Fields.readString(in));
    c.setUnits(Fields.readString(in));
    c.setPriority((int) Fields.readVarLong(in));
    c.setExpiry(Fields.readInstant(in));
    c.setSource(Fields.readString(in));
    c.setReason(Fields.readString(in));
    Instant issued = Fields.readInstant(in);
    if (issued != null) {
      c.setIssuedAt(issued);
    }
    return c;
  }

  @Override
  public TypeSerializerSnapshot<BalanceCommand> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<BalanceCommand> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

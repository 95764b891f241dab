package io.rateflow.job.types;

import io.rateflow.avro.UsageState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link UsageState}, an account's aggregate of one meter in one period (format version 1). */
public final class UsageStateSerializer extends RecordSerializer<UsageState> {
  private static final long serialVersionUID = 1L;
  public static final UsageStateSerializer INSTANCE = new UsageStateSerializer();

  @Override
  public UsageState createInstance() {
    return new UsageState();
  }

  @Override
  public UsageState copy(UsageState from) {
    return new UsageState(
        from.getPeriod(), from.getAggregate(), Fields.copyStringList(from.getUniques()));
  }

  @Override
  public void serialize(UsageState s, DataOutputView out) throws IOException {
    Fields.writeString(s.getPeriod(), out);
    Fields.writeString(s.getAggregate(), out);
    Fields.writeStringList(s.getUniques(), out);
  }

  @Override
  public UsageState deserialize(DataInputView in) throws IOException {
    UsageState s = new UsageState();
    s.setPeriod(Fields.readString(in));
    s.setAggregate(Fields.readString(in));
    s.setUniques(Fields.readStringList(in));
    return s;
  }

  @Override
  public TypeSerializerSnapshot<UsageState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<UsageState> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

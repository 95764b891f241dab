package io.rateflow.job.types;

import io.rateflow.avro.UsageState;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link UsageState} in format version 1 (period, aggregate, uniques), as releases before issue 12
 * kept it: restores their state, which Flink then migrates to {@link UsageStateSerializer}'s
 * format. Reads the newer fields as their schema defaults; writing drops them.
 */
public final class UsageStateSerializerV1 extends RecordSerializer<UsageState> {
  private static final long serialVersionUID = 1L;
  public static final UsageStateSerializerV1 INSTANCE = new UsageStateSerializerV1();

  @Override
  public UsageState createInstance() {
    return new UsageState();
  }

  @Override
  public UsageState copy(UsageState from) {
    return UsageStateSerializer.INSTANCE.copy(from);
  }

  @Override
  public void serialize(UsageState s, DataOutputView out) throws IOException {
    writeVersion1Fields(s, out);
  }

  @Override
  public UsageState deserialize(DataInputView in) throws IOException {
    UsageState s = new UsageState();
    readVersion1Fields(s, in);
    // the schema's defaults of the fields version 2 added (events and charges: 0 already)
    s.setRecurringChanges(new ArrayList<>());
    return s;
  }

  static void writeVersion1Fields(UsageState s, DataOutputView out) throws IOException {
    Fields.writeString(s.getPeriod(), out);
    Fields.writeString(s.getAggregate(), out);
    Fields.writeStringList(s.getUniques(), out);
  }

  static void readVersion1Fields(UsageState s, DataInputView in) throws IOException {
    s.setPeriod(Fields.readString(in));
    s.setAggregate(Fields.readString(in));
    s.setUniques(Fields.readStringList(in));
  }

  @Override
  public TypeSerializerSnapshot<UsageState> snapshotConfiguration() {
    return new UsageStateSerializer.Snapshot(1, INSTANCE);
  }
}

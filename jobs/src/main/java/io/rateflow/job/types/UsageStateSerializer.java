package io.rateflow.job.types;

import io.rateflow.avro.UnitChangeState;
import io.rateflow.avro.UsageState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link UsageState}, an account's aggregate of one meter (recurring item, minimum spend) in one
 * period. Format version 2: version 1's fields, then the event count, the uncapped charges and the
 * recurring timeline; state of version 1 is read by {@link UsageStateSerializerV1}.
 */
public final class UsageStateSerializer extends RecordSerializer<UsageState> {
  private static final long serialVersionUID = 1L;
  public static final UsageStateSerializer INSTANCE = new UsageStateSerializer();

  static final int FORMAT = 2;

  private static final byte NULL = 0;
  private static final byte PRESENT = 1;

  @Override
  public UsageState createInstance() {
    return new UsageState();
  }

  @Override
  public UsageState copy(UsageState from) {
    return new UsageState(
        from.getPeriod(),
        from.getAggregate(),
        Fields.copyStringList(from.getUniques()),
        from.getEvents(),
        from.getChargedMinor(),
        from.getRecurringStart(),
        copyChanges(from.getRecurringChanges()));
  }

  @Override
  public void serialize(UsageState s, DataOutputView out) throws IOException {
    UsageStateSerializerV1.writeVersion1Fields(s, out);
    Fields.writeVarLong(s.getEvents(), out);
    Fields.writeVarLong(s.getChargedMinor(), out);
    Fields.writeString(s.getRecurringStart(), out);
    writeChanges(s.getRecurringChanges(), out);
  }

  @Override
  public UsageState deserialize(DataInputView in) throws IOException {
    UsageState s = new UsageState();
    UsageStateSerializerV1.readVersion1Fields(s, in);
    s.setEvents(Fields.readVarLong(in));
    s.setChargedMinor(Fields.readVarLong(in));
    s.setRecurringStart(Fields.readString(in));
    s.setRecurringChanges(readChanges(in));
    return s;
  }

  /** Length + 1 (0: null), then each change behind a marker byte (a Java list may hold a null). */
  private static void writeChanges(List<UnitChangeState> changes, DataOutputView out)
      throws IOException {
    if (changes == null) {
      Fields.writeVarInt(0, out);
      return;
    }
    Fields.writeVarInt(changes.size() + 1, out);
    for (UnitChangeState c : changes) {
      if (c == null) {
        out.writeByte(NULL);
        continue;
      }
      out.writeByte(PRESENT);
      Fields.writeVarLong(c.getAt(), out);
      Fields.writeString(c.getDelta(), out);
    }
  }

  private static List<UnitChangeState> readChanges(DataInputView in) throws IOException {
    int n = Fields.readVarInt(in) - 1;
    if (n < 0) {
      return null;
    }
    List<UnitChangeState> changes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (in.readByte() == NULL) {
        changes.add(null);
      } else {
        long at = Fields.readVarLong(in);
        changes.add(new UnitChangeState(at, Fields.readString(in)));
      }
    }
    return changes;
  }

  private static List<UnitChangeState> copyChanges(List<UnitChangeState> changes) {
    if (changes == null) {
      return null;
    }
    List<UnitChangeState> copy = new ArrayList<>(changes.size());
    for (UnitChangeState c : changes) {
      copy.add(c == null ? null : new UnitChangeState(c.getAt(), c.getDelta()));
    }
    return copy;
  }

  @Override
  public TypeSerializerSnapshot<UsageState> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Restored by class name: never rename. A snapshot of format version 1 restores the serializer
   * that reads version 1; Flink then migrates the state to version 2.
   */
  public static final class Snapshot extends RecordSerializerSnapshot<UsageState> {
    private int restoredVersion;

    public Snapshot() {
      this(FORMAT, INSTANCE);
    }

    /** What {@link UsageStateSerializerV1} writes: a snapshot of version 1. */
    Snapshot(int version, TypeSerializer<UsageState> serializer) {
      super(version, serializer);
      restoredVersion = version;
    }

    @Override
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      super.readSnapshot(version, in, classLoader);
      restoredVersion = version;
    }

    @Override
    public TypeSerializer<UsageState> restoreSerializer() {
      return restoredVersion == 1 ? UsageStateSerializerV1.INSTANCE : INSTANCE;
    }
  }
}

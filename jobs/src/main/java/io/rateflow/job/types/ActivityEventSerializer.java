package io.rateflow.job.types;

import io.rateflow.avro.ActivityEvent;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link ActivityEvent}, field by field in schema order (format version 1). */
public final class ActivityEventSerializer extends RecordSerializer<ActivityEvent> {
  private static final long serialVersionUID = 1L;
  public static final ActivityEventSerializer INSTANCE = new ActivityEventSerializer();

  @Override
  public ActivityEvent createInstance() {
    return new ActivityEvent();
  }

  @Override
  public ActivityEvent copy(ActivityEvent from) {
    ActivityEvent to = new ActivityEvent();
    to.setEventId(from.getEventId());
    to.setAccountId(from.getAccountId());
    to.setMeter(from.getMeter());
    to.setQuantity(from.getQuantity());
    if (from.getEventTime() != null) { // the generated setter truncates, so takes no null
      to.setEventTime(from.getEventTime());
    }
    to.setAttributes(Fields.copyStringMap(from.getAttributes()));
    to.setValue(from.getValue());
    to.setUnitPrice(from.getUnitPrice());
    to.setSource(from.getSource());
    return to;
  }

  @Override
  public void serialize(ActivityEvent e, DataOutputView out) throws IOException {
    Fields.writeString(e.getEventId(), out);
    Fields.writeString(e.getAccountId(), out);
    Fields.writeString(e.getMeter(), out);
    Fields.writeDecimal(e.getQuantity(), out);
    Fields.writeInstant(e.getEventTime(), out);
    Fields.writeStringMap(e.getAttributes(), out);
    Fields.writeDecimal(e.getValue(), out);
    Fields.writeDecimal(e.getUnitPrice(), out);
    Fields.writeString(e.getSource(), out);
  }

  @Override
  public ActivityEvent deserialize(DataInputView in) throws IOException {
    ActivityEvent e = new ActivityEvent();
    e.setEventId(Fields.readString(in));
    e.setAccountId(Fields.readString(in));
    e.setMeter(Fields.readString(in));
    e.setQuantity(Fields.readDecimal(in));
    Instant eventTime = Fields.readInstant(in);
    if (eventTime != null) {
      e.setEventTime(eventTime);
    }
    e.setAttributes(Fields.readStringMap(in));
    e.setValue(Fields.readDecimal(in));
    e.setUnitPrice(Fields.readDecimal(in));
    e.setSource(Fields.readString(in));
    return e;
  }

  @Override
  public TypeSerializerSnapshot<ActivityEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<ActivityEvent> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

package io.rateflow.job.types;

import io.rateflow.avro.EstimateRequest;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link EstimateRequest}, field by field in schema order (format version 1). */
public final class EstimateRequestSerializer extends RecordSerializer<EstimateRequest> {
  private static final long serialVersionUID = 1L;
  public static final EstimateRequestSerializer INSTANCE = new EstimateRequestSerializer();

  @Override
  public EstimateRequest createInstance() {
    return new EstimateRequest();
  }

  @Override
  public EstimateRequest copy(EstimateRequest from) {
    EstimateRequest to = new EstimateRequest();
    to.setRequestId(from.getRequestId());
    to.setAccountId(from.getAccountId());
    to.setMeter(from.getMeter());
    to.setQuantity(from.getQuantity());
    to.setAttributes(Fields.copyStringMap(from.getAttributes()));
    to.setValue(from.getValue());
    if (from.getRequestedAt() != null) { // the generated setter truncates, so takes no null
      to.setRequestedAt(from.getRequestedAt());
    }
    return to;
  }

  @Override
  public void serialize(EstimateRequest r, DataOutputView out) throws IOException {
    Fields.writeString(r.getRequestId(), out);
    Fields.writeString(r.getAccountId(), out);
    Fields.writeString(r.getMeter(), out);
    Fields.writeDecimal(r.getQuantity(), out);
    Fields.writeStringMap(r.getAttributes(), out);
    Fields.writeDecimal(r.getValue(), out);
    Fields.writeInstant(r.getRequestedAt(), out);
  }

  @Override
  public EstimateRequest deserialize(DataInputView in) throws IOException {
    EstimateRequest r = new EstimateRequest();
    r.setRequestId(Fields.readString(in));
    r.setAccountId(Fields.readString(in));
    r.setMeter(Fields.readString(in));
    r.setQuantity(Fields.readDecimal(in));
    r.setAttributes(Fields.readStringMap(in));
    r.setValue(Fields.readDecimal(in));
    Instant requested = Fields.readInstant(in);
    if (requested != null) {
      r.setRequestedAt(requested);
    }
    return r;
  }

  @Override
  public TypeSerializerSnapshot<EstimateRequest> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<EstimateRequest> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

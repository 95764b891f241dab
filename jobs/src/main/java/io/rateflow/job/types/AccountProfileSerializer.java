package io.rateflow.job.types;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link AccountProfile}, field by field in schema order (format version 1). */
public final class AccountProfileSerializer extends RecordSerializer<AccountProfile> {
  private static final long serialVersionUID = 1L;
  public static final AccountProfileSerializer INSTANCE = new AccountProfileSerializer();
  private static final AccountStatus[] STATUSES = AccountStatus.values();

  @Override
  public AccountProfile createInstance() {
    return new AccountProfile();
  }

  @Override
  public AccountProfile copy(AccountProfile from) {
    AccountProfile to = new AccountProfile();
    to.setAccountId(from.getAccountId());
    to.setPlan(from.getPlan());
    to.setSegment(from.getSegment());
    to.setCurrency(from.getCurrency());
    to.setStatus(from.getStatus());
    to.setTimeZone(from.getTimeZone());
    to.setGlCustomerCode(from.getGlCustomerCode());
    to.setLegalEntity(from.getLegalEntity());
    to.setRegion(from.getRegion());
    to.setPrepaidOnly(from.getPrepaidOnly());
    to.setCreditLimitMinor(from.getCreditLimitMinor());
    if (from.getEffectiveTime() != null) { // the generated setter truncates, so takes no null
      to.setEffectiveTime(from.getEffectiveTime());
    }
    return to;
  }

  @Override
  public void serialize(AccountProfile p, DataOutputView out) throws IOException {
    Fields.writeString(p.getAccountId(), out);
    Fields.writeString(p.getPlan(), out);
    Fields.writeString(p.getSegment(), out);
    Fields.writeString(p.getCurrency(), out);
    Fields.writeEnum(p.getStatus(), out);
    Fields.writeString(p.getTimeZone(), out);
    Fields.writeString(p.getGlCustomerCode(), out);
    Fields.writeString(p.getLegalEntity(), out);
    Fields.writeString(p.getRegion(), out);
    out.writeBoolean(p.getPrepaidOnly());
    Fields.writeVarLong(p.getCreditLimitMinor(), out);
    Fields.writeInstant(p.getEffectiveTime(), out);
  }

  @Override
  public AccountProfile deserialize(DataInputView in) throws IOException {
    AccountProfile p = new AccountProfile();
    p.setAccountId(Fields.readString(in));
    p.setPlan(Fields.readString(in));
    p.setSegment(Fields.readString(in));
    p.setCurrency(Fields.readString(in));
    p.setStatus(Fields.readEnum(STATUSES, in));
    p.setTimeZone(Fields.readString(in));
    p.setGlCustomerCode(Fields.readString(in));
    p.setLegalEntity(Fields.readString(in));
    p.setRegion(Fields.readString(in));
    p.setPrepaidOnly(in.readBoolean());
    p.setCreditLimitMinor(Fields.readVarLong(in));
    Instant effective = Fields.readInstant(in);
    if (effective != null) {
      p.setEffectiveTime(effective);
    }
    return p;
  }

  @Override
  public TypeSerializerSnapshot<AccountProfile> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restored by class name: never rename. */
  public static final class Snapshot extends RecordSerializerSnapshot<AccountProfile> {
    public Snapshot() {
      super(1, INSTANCE);
    }
  }
}

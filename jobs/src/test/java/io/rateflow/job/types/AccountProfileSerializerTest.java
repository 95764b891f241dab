package io.rateflow.job.types;

import io.rateflow.avro.AccountProfile;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract checks; the empty record has every field null. */
class AccountProfileSerializerTest extends SerializerTestBase<AccountProfile> {
  @Override
  protected TypeSerializer<AccountProfile> createSerializer() {
    return new AccountProfileSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<AccountProfile> getTypeClass() {
    return AccountProfile.class;
  }

  @Override
  protected AccountProfile[] getTestData() {
    return new AccountProfile[] {Records.profile(), new AccountProfile()};
  }
}

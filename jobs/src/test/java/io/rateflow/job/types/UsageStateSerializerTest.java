package io.rateflow.job.types;

import io.rateflow.avro.UsageState;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract checks; the empty record has every field null. */
class UsageStateSerializerTest extends SerializerTestBase<UsageState> {
  @Override
  protected TypeSerializer<UsageState> createSerializer() {
    return new UsageStateSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<UsageState> getTypeClass() {
    return UsageState.class;
  }

  @Override
  protected UsageState[] getTestData() {
    return new UsageState[] {
      Records.usage(), new UsageState("p", "0", new java.util.ArrayList<>()), new UsageState()
    };
  }
}

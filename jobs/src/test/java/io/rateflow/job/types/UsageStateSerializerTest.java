package io.rateflow.job.types;

import io.rateflow.avro.UnitChangeState;
import io.rateflow.avro.UsageState;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's serializer contract checks; the empty record has every object field null, and a Java list
 * may hold a null change.
 */
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
      Records.usage(),
      Records.recurringUsage(),
      new UsageState("p", "0", new ArrayList<>(), 1L, 0L, "0", nullChange()),
      new UsageState()
    };
  }

  private static List<UnitChangeState> nullChange() {
    List<UnitChangeState> l = new ArrayList<>();
    l.add(null);
    return l;
  }
}

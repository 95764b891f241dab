package io.rateflow.job.types;

import io.rateflow.avro.BalanceCommand;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract checks; the empty record has every field null. */
class BalanceCommandSerializerTest extends SerializerTestBase<BalanceCommand> {
  @Override
  protected TypeSerializer<BalanceCommand> createSerializer() {
    return new BalanceCommandSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<BalanceCommand> getTypeClass() {
    return BalanceCommand.class;
  }

  @Override
  protected BalanceCommand[] getTestData() {
    return new BalanceCommand[] {Records.command(), Records.topUp(), new BalanceCommand()};
  }
}

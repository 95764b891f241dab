package io.rateflow.job.types;

import io.rateflow.avro.Inbound;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's own serializer contract checks (copy, reuse, sequences, snapshot, duplicate) on every
 * payload.
 */
class InboundSerializerTest extends SerializerTestBase<Inbound> {
  @Override
  protected TypeSerializer<Inbound> createSerializer() {
    return new InboundSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<Inbound> getTypeClass() {
    return Inbound.class;
  }

  @Override
  protected Inbound[] getTestData() {
    Inbound held = Records.inbound(Records.oddEvent());
    held.setHeldSince(1_793_000_001_000L);
    // a raw buffer that is a slice of a larger array, read from its position
    ByteBuffer slice = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9}, 2, 3);
    Inbound sliced = Records.inbound(Records.event());
    sliced.setRaw(slice);
    Inbound empty = new Inbound(); // every field unset: null or zero
    return new Inbound[] {
      Records.inbound(Records.event()),
      held,
      Records.inbound(Records.profile()),
      Records.inbound(Records.command()),
      Records.inbound(Records.topUp()),
      Records.inbound(Records.estimate()),
      sliced,
      empty
    };
  }
}

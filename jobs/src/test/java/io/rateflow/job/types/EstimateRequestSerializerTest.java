package io.rateflow.job.types;

import io.rateflow.avro.EstimateRequest;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract checks; the empty record has every field null. */
class EstimateRequestSerializerTest extends SerializerTestBase<EstimateRequest> {
  @Override
  protected TypeSerializer<EstimateRequest> createSerializer() {
    return new EstimateRequestSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<EstimateRequest> getTypeClass() {
    return EstimateRequest.class;
  }

  @Override
  protected EstimateRequest[] getTestData() {
    return new EstimateRequest[] {Records.estimate(), new EstimateRequest()};
  }
}

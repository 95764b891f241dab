package io.rateflow.job.types;

import io.rateflow.avro.ActivityEvent;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract checks; the empty record has every field null. */
class ActivityEventSerializerTest extends SerializerTestBase<ActivityEvent> {
  @Override
  protected TypeSerializer<ActivityEvent> createSerializer() {
    return new ActivityEventSerializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<ActivityEvent> getTypeClass() {
    return ActivityEvent.class;
  }

  @Override
  protected ActivityEvent[] getTestData() {
    return new ActivityEvent[] {Records.event(), Records.oddEvent(), new ActivityEvent()};
  }
}

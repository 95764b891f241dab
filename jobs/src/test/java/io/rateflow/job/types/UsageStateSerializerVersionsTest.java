package io.rateflow.job.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.UnitChangeState;
import io.rateflow.avro.UsageState;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * UsageState's format versions: state written before issue 12 (version 1) still restores, with the
 * added fields at their schema defaults, and Flink is told to migrate it; version 2 keeps every
 * field.
 */
class UsageStateSerializerVersionsTest {
  /** {@code UsageState("2026-11", "1234.500000", ["u1", "u2"])} as version 1 wrote it. */
  private static final byte[] VERSION_1_BYTES =
      HexFormat.ofDelimiter(" ")
          .parseHex(
              "08 32 30 32 36 2d 31 31 0c 31 32 33 34 2e 35 30 30 30 30 30 03 03 75 31 03 75 32");

  @Test
  void versionOneBytesReadThroughTheRestoredSerializerWithTheNewFieldsAtTheirDefaults()
      throws IOException {
    TypeSerializerSnapshot<UsageState> restored =
        roundTrip(UsageStateSerializerV1.INSTANCE.snapshotConfiguration());
    assertThat(restored).isInstanceOf(UsageStateSerializer.Snapshot.class);
    TypeSerializer<UsageState> reader = restored.restoreSerializer();

    UsageState read = reader.deserialize(new DataInputDeserializer(VERSION_1_BYTES));

    UsageState expected = UsageState.newBuilder().setPeriod("2026-11").setAggregate("").build();
    expected.setAggregate("1234.500000");
    expected.setUniques(List.of("u1", "u2"));
    assertThat(read).isEqualTo(expected);
    assertThat(read.getEvents()).isZero();
    assertThat(read.getChargedMinor()).isZero();
    assertThat(read.getRecurringStart()).isNull();
    assertThat(read.getRecurringChanges()).isEmpty();
    // the frozen layout is the one the version 1 reader writes
    assertThat(bytes(reader, read)).isEqualTo(VERSION_1_BYTES);
  }

  @Test
  void theCurrentSnapshotMigratesVersionOneAndKeepsVersionTwoAsIs() throws IOException {
    TypeSerializerSnapshot<UsageState> current =
        UsageStateSerializer.INSTANCE.snapshotConfiguration();
    TypeSerializerSnapshot<UsageState> v1 =
        roundTrip(UsageStateSerializerV1.INSTANCE.snapshotConfiguration());
    TypeSerializerSnapshot<UsageState> v2 = roundTrip(current);

    assertThat(current.getCurrentVersion()).isEqualTo(2);
    assertThat(current.resolveSchemaCompatibility(v1).isCompatibleAfterMigration()).isTrue();
    assertThat(current.resolveSchemaCompatibility(v2).isCompatibleAsIs()).isTrue();
    assertThat(v1.restoreSerializer()).isEqualTo(UsageStateSerializerV1.INSTANCE);
    assertThat(v2.restoreSerializer()).isEqualTo(UsageStateSerializer.INSTANCE);
  }

  @Test
  void aMigratedVersionOneRecordAndARecurringOneRoundTripInVersionTwo() throws IOException {
    UsageState migrated =
        UsageStateSerializerV1.INSTANCE.deserialize(new DataInputDeserializer(VERSION_1_BYTES));
    UsageState recurring = Records.recurringUsage();
    for (UsageState s : List.of(migrated, recurring)) {
      byte[] written = bytes(UsageStateSerializer.INSTANCE, s);
      assertThat(UsageStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(written)))
          .isEqualTo(s);
    }
    UsageState read =
        UsageStateSerializer.INSTANCE.deserialize(
            new DataInputDeserializer(bytes(UsageStateSerializer.INSTANCE, recurring)));
    assertThat(read.getRecurringChanges())
        .containsExactly(
            new UnitChangeState(1_793_000_000_000L, "3"),
            new UnitChangeState(-1L, "-14.5"),
            new UnitChangeState(0L, "0"));
    assertThat(read.getEvents()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.getChargedMinor()).isEqualTo(-123_456_789_012L);
  }

  @Test
  void aSnapshotOfALaterFormatIsRefused() {
    assertThatThrownBy(
            () ->
                new UsageStateSerializer.Snapshot()
                    .readSnapshot(3, new DataInputDeserializer(new byte[0]), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format version 3");
  }

  private static byte[] bytes(TypeSerializer<UsageState> serializer, UsageState s)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(s, out);
    return out.getCopyOfBuffer();
  }

  private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> s)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, s);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        UsageStateSerializerVersionsTest.class.getClassLoader());
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.UsageState;
import io.rateflow.job.types.InboundSerializer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State written by the 0.1 release (Flink's AvroSerializer) restores into the hand-written
 * serializers: the descriptors are the job's (same names, same TTL), only the type information
 * changes between the snapshot and the restore, as in an upgrade from a savepoint.
 */
class AvroStateMigrationTest {
  private static final long NOW = Instant.parse("2026-11-01T12:00:00Z").toEpochMilli();

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "hashmap"})
  void avroStateReadsBackThroughTheNewSerializers(String backend) throws Exception {
    OperatorSubtaskState written;
    try (var old =
        harness(
            backend,
            new AvroTypeInfo<>(AccountProfile.class),
            new AvroTypeInfo<>(UsageState.class),
            new AvroTypeInfo<>(Inbound.class),
            null)) {
      old.processElement("write", NOW);
      written = old.snapshot(1, NOW);
    }
    List<String> read = new ArrayList<>();
    try (var next =
        harness(
            backend,
            RatingTypes.ACCOUNT_PROFILE,
            RatingTypes.USAGE_STATE,
            RatingTypes.INBOUND,
            written)) {
      next.processElement("read", NOW);
      next.extractOutputValues().forEach(read::add);
      // written again by the new serializers, and restored once more
      OperatorSubtaskState rewritten = next.snapshot(2, NOW);
      try (var again =
          harness(
              backend,
              RatingTypes.ACCOUNT_PROFILE,
              RatingTypes.USAGE_STATE,
              RatingTypes.INBOUND,
              rewritten)) {
        again.processElement("read", NOW);
        read.addAll(again.extractOutputValues());
      }
    }
    List<String> expected = List.of(profile().toString(), usage().toString(), inbound().toString());
    assertThat(read).containsExactlyElementsOf(concat(expected, expected));
  }

  @Test
  void theNewSnapshotsJudgeAvroStateMigratableAndTheirOwnCompatibleAsIs() throws Exception {
    TypeSerializerSnapshot<Inbound> avro =
        roundTrip(new AvroSerializer<>(Inbound.class).snapshotConfiguration());
    TypeSerializerSnapshot<Inbound> own =
        roundTrip(InboundSerializer.INSTANCE.snapshotConfiguration());
    TypeSerializerSnapshot<Inbound> current = InboundSerializer.INSTANCE.snapshotConfiguration();

    assertThat(current.resolveSchemaCompatibility(avro).isCompatibleAfterMigration()).isTrue();
    assertThat(current.resolveSchemaCompatibility(own).isCompatibleAsIs()).isTrue();
    assertThat(own.restoreSerializer()).isEqualTo(InboundSerializer.INSTANCE);
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Inbound> other =
        (TypeSerializerSnapshot)
            RatingTypes.USAGE_STATE.createSerializer(null).snapshotConfiguration();
    assertThat(current.resolveSchemaCompatibility(other))
        .matches(TypeSerializerSchemaCompatibility::isIncompatible);
  }

  private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> s)
      throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, s);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        AvroStateMigrationTest.class.getClassLoader());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      String backend,
      TypeInformation<AccountProfile> profiles,
      TypeInformation<UsageState> usages,
      TypeInformation<Inbound> inbounds,
      OperatorSubtaskState restore)
      throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Store(profiles, usages, inbounds)),
            s -> "acc-1",
            Types.STRING);
    StateBackend b =
        backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    h.setStateBackend(b);
    h.setStateTtlProcessingTime(NOW);
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  static AccountProfile profile() {
    return AccountProfile.newBuilder()
        .setAccountId("acc-1")
        .setPlan("pro")
        .setSegment("smb")
        .setCurrency("EUR")
        .setStatus(io.rateflow.avro.AccountStatus.ACTIVE)
        .setTimeZone("Europe/Berlin")
        .setLegalEntity("RF-DE")
        .setCreditLimitMinor(5000)
        .setEffectiveTime(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  static UsageState usage() {
    return new UsageState(
        "2026-11",
        "1234.500000",
        List.of("u1", "u2"),
        7L,
        1250L,
        "3",
        List.of(new io.rateflow.avro.UnitChangeState(NOW - 1000, "-1")));
  }

  static Inbound inbound() {
    return Inbound.newBuilder()
        .setAccountId("acc-1")
        .setPayload(
            io.rateflow.avro.ActivityEvent.newBuilder()
                .setEventId("e-1")
                .setAccountId("acc-1")
                .setMeter("api_calls")
                .setQuantity(new BigDecimal("2.500000"))
                .setEventTime(Instant.parse("2026-11-01T11:59:00Z"))
                .setAttributes(Map.of("region", "eu"))
                .setValue(null)
                .setUnitPrice(null)
                .build())
        .setRaw(ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)))
        .setSourceTopic("activity-events")
        .setSourcePartition(1)
        .setSourceOffset(42)
        .setIngestedAt(NOW)
        .setHeldSince(NOW)
        .build();
  }

  /** The job's three record-holding state shapes: a value, a map with TTL, a list. */
  private static final class Store extends KeyedProcessFunction<String, String, String> {
    private final TypeInformation<AccountProfile> profiles;
    private final TypeInformation<UsageState> usages;
    private final TypeInformation<Inbound> inbounds;
    private transient ValueState<AccountProfile> profile;
    private transient MapState<String, UsageState> usage;
    private transient ListState<Inbound> pending;

    Store(
        TypeInformation<AccountProfile> profiles,
        TypeInformation<UsageState> usages,
        TypeInformation<Inbound> inbounds) {
      this.profiles = profiles;
      this.usages = usages;
      this.inbounds = inbounds;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
      profile = getRuntimeContext().getState(new ValueStateDescriptor<>("profile", profiles));
      MapStateDescriptor<String, UsageState> usageDesc =
          new MapStateDescriptor<>("usage", Types.STRING, usages);
      usageDesc.enableTimeToLive(
          StateTtlConfig.newBuilder(Duration.ofDays(33))
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
      usage = getRuntimeContext().getMapState(usageDesc);
      pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending", inbounds));
    }

    @Override
    public void processElement(String command, Context ctx, Collector<String> out)
        throws Exception {
      if (command.equals("write")) {
        profile.update(profile());
        usage.put("api_calls|2026-11", usage());
        pending.add(inbound());
      } else {
        out.collect(String.valueOf(profile.value()));
        out.collect(String.valueOf(usage.get("api_calls|2026-11")));
        for (Inbound in : pending.get()) {
          out.collect(in.toString());
        }
      }
    }
  }
}

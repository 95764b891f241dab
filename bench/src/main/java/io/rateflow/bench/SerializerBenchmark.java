package io.rateflow.bench;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.UsageState;
import io.rateflow.job.types.InboundSerializer;
import io.rateflow.job.types.UsageStateSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a typical event costs to cross the shuffle by account (an {@code Inbound} of an activity
 * event, serialized then deserialized), and what a period aggregate costs to write to and read from
 * state per event (a {@code UsageState}): Flink's AvroSerializer against the hand-written ones. The
 * bytes per record are printed once at set-up ({@code bytes per record}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializerBenchmark {
  @Param({"avro", "rateflow"})
  public String serializer;

  private TypeSerializer<Inbound> inbounds;
  private TypeSerializer<UsageState> usages;
  private Inbound inbound;
  private UsageState usage;
  private final DataOutputSerializer out = new DataOutputSerializer(512);
  private final DataInputDeserializer in = new DataInputDeserializer();
  private byte[] inboundBytes;
  private byte[] usageBytes;

  /** A typical event: an API call with two attributes, as the decoder makes it. */
  static Inbound typicalInbound() {
    ActivityEvent e =
        ActivityEvent.newBuilder()
            .setEventId("evt-000000123456")
            .setAccountId("acc-00042")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal("12.500000"))
            .setEventTime(Instant.parse("2026-11-01T10:00:00Z"))
            .setAttributes(Map.of("region", "eu-west", "tier", "gold"))
            .setValue(null)
            .setUnitPrice(null)
            .setSource("gateway")
            .build();
    byte[] raw = new byte[96]; // the Avro single-object bytes of such an event are about this long
    return Inbound.newBuilder()
        .setAccountId("acc-00042")
        .setPayload(e)
        .setRaw(ByteBuffer.wrap(raw))
        .setSourceTopic("activity-events")
        .setSourcePartition(1)
        .setSourceOffset(12_345_678L)
        .setIngestedAt(1_793_000_000_000L)
        .setHeldSince(0)
        .build();
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (serializer.equals("avro")) {
      inbounds = new AvroSerializer<>(Inbound.class);
      usages = new AvroSerializer<>(UsageState.class);
    } else {
      inbounds = InboundSerializer.INSTANCE;
      usages = UsageStateSerializer.INSTANCE;
    }
    inbound = typicalInbound();
    usage =
        new UsageState(
            "2026-11", "1234.500000", new ArrayList<>(), 1L, 0L, null, new ArrayList<>());
    inboundBytes = bytes(inbounds, inbound);
    usageBytes = bytes(usages, usage);
    System.out.printf(
        "%n%s bytes per record: Inbound %d, UsageState %d%n",
        serializer, inboundBytes.length, usageBytes.length);
  }

  private <T> byte[] bytes(TypeSerializer<T> s, T value) throws IOException {
    out.clear();
    s.serialize(value, out);
    return out.getCopyOfBuffer();
  }

  @Benchmark
  public int inboundSerialize() throws IOException {
    out.clear();
    inbounds.serialize(inbound, out);
    return out.length();
  }

  @Benchmark
  public Inbound inboundDeserialize() throws IOException {
    in.setBuffer(inboundBytes);
    return inbounds.deserialize(in);
  }

  @Benchmark
  public UsageState usageRoundTrip() throws IOException {
    out.clear();
    usages.serialize(usage, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return usages.deserialize(in);
  }
}

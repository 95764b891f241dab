package io.rateflow.bench;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.schema.AvroCodec;
import io.rateflow.schema.MalformedRecordException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec's cost per record, every input and output of the job pays it: encode, and decode
 * of the codec's own output (since issue 11 a single-object record: header check and fingerprint
 * lookup).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AvroCodecBenchmark {
  private final AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
  private ActivityEvent event;
  private byte[] bytes;

  @Setup
  public void setUp() {
    event =
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
    bytes = codec.encode(event);
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode(event);
  }

  @Benchmark
  public ActivityEvent decode() throws MalformedRecordException {
    return codec.decode(bytes);
  }
}

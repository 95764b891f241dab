package io.rateflow.bench;

import io.rateflow.ids.StableIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A deterministic id of typical parts (a charge's account, event id and line): the 0.1 paths (the
 * length-prefixed name as a String, then {@code UUID.nameUUIDFromBytes}, i.e. MD5; and the charge
 * id's thread-local MD5 digest) against {@link StableIds} (MurmurHash3 x64_128, UUIDv8). Also the
 * 64-bit fingerprint the de-duplication memory keeps per event id.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdBenchmark {
  private final String account = "acc-0004217";
  private final String eventId = "evt-2026-11-01-000000123456";
  private int line;

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  /** The 0.1 DeterministicId / EntryIds path. */
  @Benchmark
  public String md5NameUuid() {
    StringBuilder name = new StringBuilder("rateflow");
    for (Object part : new Object[] {account, eventId, (line++ & 3)}) {
      String s = String.valueOf(part);
      name.append('|').append(s.length()).append(':').append(s);
    }
    return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The 0.1 ChargeFactory path: a kept digest, the same version-3 UUID. */
  @Benchmark
  public String md5ChargeId() {
    String name = account + '\n' + eventId + '\n' + (line++ & 3);
    byte[] hash = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (hash[i] & 0xff);
      lsb = (lsb << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }

  @Benchmark
  public String murmurUuidV8() {
    return StableIds.of("rateflow-charge", account, eventId, (line++ & 3));
  }

  @Benchmark
  public long fingerprint() {
    return StableIds.fingerprint(eventId);
  }
}

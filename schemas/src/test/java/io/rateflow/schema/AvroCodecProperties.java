package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * No byte string makes decode throw anything but {@link MalformedRecordException}: random bytes,
 * random bodies behind a known header (current, older or newer writer, so resolution runs on
 * garbage too), and bit flips of valid records of each writer.
 */
class AvroCodecProperties {
  static final Schema CURRENT = ActivityEvent.getClassSchema();
  static final Schema OLDER = AvroCodecEvolutionTest.without(CURRENT, "unit_price", "source");
  static final Schema NEWER;

  static {
    List<Schema.Field> fields = AvroCodecEvolutionTest.copy(CURRENT.getFields());
    fields.add(
        new Schema.Field(
            "tags",
            Schema.createUnion(
                Schema.create(Schema.Type.NULL),
                Schema.createArray(Schema.create(Schema.Type.STRING))),
            null,
            JsonProperties.NULL_VALUE));
    NEWER = AvroCodecEvolutionTest.record(CURRENT, fields);
  }

  final AvroCodec<ActivityEvent> codec =
      AvroCodec.of(ActivityEvent.class, ReleasedSchemas.shippedAnd("x", List.of(OLDER, NEWER)));
  final List<byte[]> valid = validRecords();

  @Property(tries = 3000)
  void decodeReturnsARecordOrRefusesWithAReason(@ForAll("payloads") byte[] bytes) {
    try {
      assertThat(codec.decode(bytes)).isNotNull();
    } catch (MalformedRecordException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
    Arbitrary<byte[]> headers =
        Arbitraries.of(valid).map(v -> java.util.Arrays.copyOf(v, AvroCodec.HEADER_LENGTH));
    Arbitrary<byte[]> knownHeaderRandomBody =
        Combinators.combine(headers, random).as(AvroCodecProperties::concat);
    Arbitrary<byte[]> markerRandomRest = random.map(r -> concat(new byte[] {(byte) 0xC3, 0x01}, r));
    Arbitrary<byte[]> flipped =
        Combinators.combine(
                Arbitraries.of(valid),
                Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(4))
            .as(
                (v, flips) -> {
                  byte[] b = v.clone();
                  flips.forEach(f -> b[(f >>> 3) % b.length] ^= (byte) (1 << (f & 7)));
                  return b;
                });
    Arbitrary<byte[]> cut =
        Combinators.combine(Arbitraries.of(valid), Arbitraries.integers().between(0, 200))
            .as((v, n) -> java.util.Arrays.copyOf(v, n % (v.length + 1)));
    return Arbitraries.oneOf(random, knownHeaderRandomBody, markerRandomRest, flipped, cut);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private List<byte[]> validRecords() {
    List<byte[]> records = new ArrayList<>();
    records.add(codec.encode(AvroCodecTest.event()));
    records.add(AvroCodecEvolutionTest.singleObject(OLDER, AvroCodecTest.event()));
    var newer = AvroCodecEvolutionTest.generic(NEWER, AvroCodecTest.event());
    newer.put("tags", List.of("a", "bb"));
    records.add(AvroCodecEvolutionTest.singleObject(NEWER, newer));
    return records;
  }
}

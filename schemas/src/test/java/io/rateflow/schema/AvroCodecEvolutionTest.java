package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.UsageAnalytics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * The schema contract on the wire: Rateflow writes Avro's single-object encoding, and reads records
 * of any known writer schema (older or newer) as its current schema, and bare Avro as before.
 */
class AvroCodecEvolutionTest {
  static final Schema CURRENT = ActivityEvent.getClassSchema();
  final AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);

  @Test
  void encodeWritesExactlyAvrosSingleObjectEncodingWhichAvrosOwnDecoderReads() throws IOException {
    byte[] bytes = codec.encode(AvroCodecTest.event());
    assertThat(bytes).isEqualTo(ActivityEvent.getEncoder().encode(AvroCodecTest.event()).array());
    assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
    assertThat(codec.fingerprint()).isEqualTo(SchemaNormalization.parsingFingerprint64(CURRENT));
    assertThat(ActivityEvent.fromByteBuffer(java.nio.ByteBuffer.wrap(bytes)))
        .isEqualTo(AvroCodecTest.event());
    assertThat(ActivityEvent.createDecoder(ReleasedSchemas.shipped()).decode(bytes))
        .isEqualTo(AvroCodecTest.event());
  }

  @Test
  void bareAvroAsProducersWriteItTodayIsReadAsTheCurrentSchema() throws IOException {
    assertThat(codec.decode(bare(AvroCodecTest.event()))).isEqualTo(AvroCodecTest.event());
  }

  @Test
  void aRecordOfAnOlderWriterWithoutTwoDefaultedFieldsReadsWithTheirDefaults() throws IOException {
    Schema old = without(CURRENT, "unit_price", "source");
    AvroCodec<ActivityEvent> reader =
        AvroCodec.of(ActivityEvent.class, ReleasedSchemas.shippedAnd("0.0.9", List.of(old)));

    ActivityEvent read = reader.decode(singleObject(old, AvroCodecTest.event()));

    ActivityEvent expected = AvroCodecTest.event();
    expected.setSource(""); // the field's default: the older writer had no source
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void
      aRecordOfAKnownNewerWriterWithAnAddedOptionalFieldAndARemovedDefaultedFieldReadsAsTheCurrentRecord()
          throws IOException {
    List<Schema.Field> fields = copy(without(CURRENT, "source").getFields());
    fields.add(
        new Schema.Field(
            "channel",
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "added in a later release",
            JsonProperties.NULL_VALUE));
    Schema newer = record(CURRENT, fields);
    AvroCodec<ActivityEvent> reader =
        AvroCodec.of(ActivityEvent.class, ReleasedSchemas.shippedAnd("9.9.9", List.of(newer)));

    GenericRecord written = generic(newer, AvroCodecTest.event());
    written.put("channel", "mobile");
    ActivityEvent read = reader.decode(singleObject(newer, written));

    ActivityEvent expected = AvroCodecTest.event();
    expected.setSource("");
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void anUnknownWriterFingerprintIsARejectionThatNamesItAndTheType() {
    Schema unreleased = without(CURRENT, "source");
    byte[] bytes = singleObject(unreleased, AvroCodecTest.event());
    String fingerprint =
        String.format("%016x", SchemaNormalization.parsingFingerprint64(unreleased));

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageStartingWith(
            "unknown writer schema fingerprint " + fingerprint + " for ActivityEvent")
        .hasMessageContaining("0.1.0");
  }

  @Test
  void aKnownFingerprintOfAnotherTypeSaysWhichTypeItIs() {
    byte[] rule = AvroCodec.of(PricingRule.class).encode(AvroCodecTest.rule(3));
    assertThatThrownBy(() -> codec.decode(rule))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining(
            "is io.rateflow.avro.PricingRule, not io.rateflow.avro.ActivityEvent");
  }

  @Test
  void aTruncatedHeaderIsRefusedAsSuch() {
    byte[] bytes = codec.encode(AvroCodecTest.event());
    for (int length = 2; length < AvroCodec.HEADER_LENGTH; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> codec.decode(truncated))
          .isInstanceOf(MalformedRecordException.class)
          .hasMessageContaining("truncated single-object header: " + length + " of 10 bytes");
    }
    byte[] headerOnly = Arrays.copyOf(bytes, AvroCodec.HEADER_LENGTH);
    assertThatThrownBy(() -> codec.decode(headerOnly))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("ActivityEvent");
  }

  @Test
  void aBareRecordThatHappensToStartWithTheMarkerIsStillRead() throws IOException {
    // window_start = -98 ms is the zig-zag varint C3 01; the next 8 bytes are no known fingerprint
    UsageAnalytics minute =
        UsageAnalytics.newBuilder()
            .setWindowStart(Instant.ofEpochMilli(-98))
            .setWindowEnd(Instant.ofEpochMilli(59_902))
            .setMeter("api_calls")
            .setSegment("smb")
            .setCurrency("EUR")
            .setCurrencyDigits(2)
            .setCharges(3)
            .setQuantity(new BigDecimal("1.500000"))
            .setRevenueMinor(42)
            .setRevision(0)
            .build();
    byte[] bytes = bare(minute);
    assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
    assertThat(AvroCodec.of(UsageAnalytics.class).decode(bytes)).isEqualTo(minute);
  }

  @Test
  void bareAvroIsReadAsTheTypesFirstReleaseResolvedToTheCurrentSchema() throws IOException {
    // After the first change of a type, a bare producer still writes its first release's layout.
    Schema first = without(CURRENT, "unit_price", "source");
    AvroCodec<ActivityEvent> reader =
        AvroCodec.of(ActivityEvent.class, ReleasedSchemas.of(Map.of("0.1.0", List.of(first))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(first, MODEL)
        .write(generic(first, AvroCodecTest.event()), e);
    e.flush();

    ActivityEvent expected = AvroCodecTest.event();
    expected.setSource("");
    assertThat(reader.decode(out.toByteArray())).isEqualTo(expected);
    // ...and single-object records of the current schema still read
    assertThat(reader.decode(reader.encode(AvroCodecTest.event())))
        .isEqualTo(AvroCodecTest.event());
  }

  static final GenericData MODEL = new GenericData();

  static {
    MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  static <T extends SpecificRecordBase> byte[] bare(T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    @SuppressWarnings("unchecked")
    SpecificDatumWriter<T> w = new SpecificDatumWriter<>((Class<T>) record.getClass());
    w.write(record, e);
    e.flush();
    return out.toByteArray();
  }

  static byte[] singleObject(Schema writer, SpecificRecordBase record) {
    return singleObject(writer, generic(writer, record));
  }

  static byte[] singleObject(Schema writer, GenericRecord record) {
    try {
      return new BinaryMessageEncoder<GenericRecord>(MODEL, writer).encode(record).array();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The record's values under another schema of the same record, by field name. */
  static GenericRecord generic(Schema schema, SpecificRecordBase record) {
    GenericRecord g = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (record.getSchema().getField(f.name()) != null) {
        g.put(f.name(), record.get(f.name()));
      }
    }
    return g;
  }

  static Schema without(Schema schema, String... names) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : copy(schema.getFields())) {
      if (!Set.of(names).contains(f.name())) {
        fields.add(f);
      }
    }
    return record(schema, fields);
  }

  static Schema record(Schema like, List<Schema.Field> fields) {
    return Schema.createRecord(like.getName(), like.getDoc(), like.getNamespace(), false, fields);
  }

  static List<Schema.Field> copy(List<Schema.Field> fields) {
    List<Schema.Field> copies = new ArrayList<>();
    fields.forEach(f -> copies.add(new Schema.Field(f, f.schema())));
    return copies;
  }
}

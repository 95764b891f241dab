package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.UsageState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.utils.DataInputDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record the job keeps in state survives the most common schema change, an added optional
 * field: a savepoint taken by this version restores into a version whose record has one more field.
 * Flink's {@link AvroSerializer} snapshots the writer schema and migrates on restore; this checks
 * that it judges each state schema migratable and that the old bytes then read as the new record.
 */
class StateEvolutionTest {

  /**
   * Avro records in keyed, broadcast or held state (profile, aggregates, held inputs, rule and
   * chart documents, summaries).
   */
  @ParameterizedTest
  @ValueSource(
      classes = {
        AccountProfile.class,
        UsageState.class,
        Inbound.class,
        PricingRule.class,
        JournalEntry.class
      })
  void anAvroStateRecordSurvivesAnAddedOptionalField(Class<? extends SpecificRecordBase> type)
      throws Exception {
    Schema current = (Schema) type.getField("SCHEMA$").get(null);
    Schema evolved = withAddedOptionalField(current);
    GenericRecord written = RandomRecords.of(current, new SplittableRandom(42));

    // What a checkpoint holds today: the bytes and the serializer's snapshot.
    AvroSerializer<GenericRecord> old = new AvroSerializer<>(GenericRecord.class, current);
    byte[] bytes = serialize(old, written);
    TypeSerializerSnapshot<GenericRecord> restoredSnapshot = roundTrip(old.snapshotConfiguration());

    // What the next version's operator does on restore.
    AvroSerializer<GenericRecord> next = new AvroSerializer<>(GenericRecord.class, evolved);
    TypeSerializerSchemaCompatibility<GenericRecord> compatibility =
        next.snapshotConfiguration().resolveSchemaCompatibility(restoredSnapshot);
    assertThat(compatibility.isIncompatible())
        .as("%s with an added optional field", type.getSimpleName())
        .isFalse();

    // The old bytes still read through the restored serializer...
    assertThat(restoredSnapshot.restoreSerializer().deserialize(new DataInputDeserializer(bytes)))
        .isNotNull();
    // ...and, resolved against the new schema as a migration does, as the new record.
    DataInputDecoder decoder = new DataInputDecoder();
    decoder.setIn(new DataInputDeserializer(bytes));
    GenericRecord read =
        new GenericDatumReader<GenericRecord>(current, evolved).read(null, decoder);
    assertThat(read.get("added_later")).isNull();
    for (Schema.Field f : current.getFields()) {
      assertThat(GenericData.get().compare(read.get(f.name()), written.get(f.name()), f.schema()))
          .as("field %s of %s", f.name(), type.getSimpleName())
          .isZero();
    }
  }

  /**
   * POJOs in state: Flink's POJO serializer evolves them (fields added or removed), Kryo would not.
   */
  @ParameterizedTest
  @ValueSource(classes = {JournalFact.class})
  void aPojoStateRecordIsAFlinkPojo(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }

  private static Schema withAddedOptionalField(Schema s) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : s.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        new Schema.Field(
            "added_later",
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "a later field",
            JsonProperties.NULL_VALUE));
    return Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, fields);
  }

  private static byte[] serialize(AvroSerializer<GenericRecord> serializer, GenericRecord r)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(r, out);
    return out.getCopyOfBuffer();
  }

  private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> snapshot)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        StateEvolutionTest.class.getClassLoader());
  }

  /** Random values for every field of a schema, so that no field goes untested. */
  static final class RandomRecords {
    private RandomRecords() {}

    static GenericRecord of(Schema schema, SplittableRandom random) {
      return (GenericRecord) value(schema, random, 0);
    }

    private static Object value(Schema s, SplittableRandom r, int depth) {
      switch (s.getType()) {
        case RECORD -> {
          GenericData.Record rec = new GenericData.Record(s);
          for (Schema.Field f : s.getFields()) {
            rec.put(f.pos(), value(f.schema(), r, depth + 1));
          }
          return rec;
        }
        case UNION -> {
          // prefer a non-null branch: it exercises more of the schema
          List<Schema> branches = s.getTypes();
          List<Schema> nonNull =
              branches.stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
          return value(
              nonNull.isEmpty() ? branches.get(0) : nonNull.get(r.nextInt(nonNull.size())),
              r,
              depth);
        }
        case ENUM -> {
          return new GenericData.EnumSymbol(
              s, s.getEnumSymbols().get(r.nextInt(s.getEnumSymbols().size())));
        }
        case ARRAY -> {
          List<Object> list = new ArrayList<>();
          for (int i = 0; i < 2 && depth < 6; i++) {
            list.add(value(s.getElementType(), r, depth + 1));
          }
          return new GenericData.Array<>(s, list);
        }
        case MAP -> {
          Map<String, Object> map = new HashMap<>();
          map.put("k" + r.nextInt(100), value(s.getValueType(), r, depth + 1));
          return map;
        }
        case STRING -> {
          return "s" + r.nextInt(1_000_000);
        }
        case BYTES -> {
          byte[] b = new byte[4];
          r.nextBytes(b);
          return ByteBuffer.wrap(b);
        }
        case FIXED -> {
          byte[] b = new byte[s.getFixedSize()];
          r.nextBytes(b);
          return new GenericData.Fixed(s, b);
        }
        case INT -> {
          return r.nextInt(1_000_000);
        }
        case LONG -> {
          return r.nextLong(1_000_000_000_000L);
        }
        case BOOLEAN -> {
          return r.nextBoolean();
        }
        case NULL -> {
          return null;
        }
        case FLOAT, DOUBLE -> throw new AssertionError("no floating point in state records: " + s);
        default -> throw new AssertionError("unexpected schema type " + s);
      }
    }
  }
}

package io.rateflow.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The wire format of every Rateflow topic for one record type: Avro single-object encoding (marker
 * {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint little-endian, then the Avro
 * binary body; byte for byte what Avro's {@code BinaryMessageEncoder} writes). Decoding resolves
 * the writer schema named by the fingerprint (any released version, {@link ReleasedSchemas})
 * against this type's current schema, and still reads bare Avro (no header) as producers wrote it
 * before (docs/schemas.md). One instance per thread: it reuses its buffers, so it is not
 * thread-safe.
 */
public final class AvroCodec<T extends SpecificRecordBase> {
  /** Length of the single-object header: marker and fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final ReleasedSchemas released;
  private final SpecificDatumWriter<T> writer;

  /**
   * Readers by writer fingerprint, built on first use: resolving is planned once per writer schema.
   */
  private final Map<Long, SpecificDatumReader<T>> readers = new HashMap<>();

  private final SpecificDatumReader<T> bareReader;
  private final byte[] header;
  private final Buffer buffer = new Buffer();
  private final BoundedDecoder decoder = new BoundedDecoder();
  private final String typeName;
  private BinaryEncoder encoder;

  private AvroCodec(Class<T> type, ReleasedSchemas released) {
    // Avro's fast reader (what -Dorg.apache.avro.fastread=true turns on for every class) decodes in
    // about half the time; the class's own model is shared, so Flink's serializers of it use it
    // too.
    SpecificData.getForClass(type).setFastReaderEnabled(true);
    this.type = type;
    this.released = released;
    this.writer = new SpecificDatumWriter<>(type);
    this.schema = SpecificData.get().getSchema(type);
    this.typeName = schema.getName();
    String empty = zeroByteItems(schema, new IdentityHashMap<>());
    if (empty != null) {
      // The decoder bounds item counts by the bytes left, which holds only if every item takes a
      // byte.
      throw new IllegalArgumentException(
          typeName
              + ": "
              + empty
              + " can hold items encoded in zero bytes; "
              + "AvroCodec cannot bound its item counts by the payload size. Give the items at least one field.");
    }
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.header = new byte[HEADER_LENGTH];
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    SpecificDatumReader<T> current = new SpecificDatumReader<>(type);
    readers.put(fingerprint, current);
    // Bare Avro carries no schema: it is what producers wrote before single-object encoding, i.e.
    // the
    // type's first release, read as the current schema (the same schema until the type first
    // evolves).
    Schema bare = released.first(schema.getFullName()).orElse(schema);
    this.bareReader =
        SchemaNormalization.parsingFingerprint64(bare) == fingerprint ? current : resolving(bare);
  }

  /** A codec that knows the released versions shipped in this jar. */
  public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type, ReleasedSchemas.shipped());
  }

  /** A codec that resolves the writer schemas of {@code released}. */
  public static <T extends SpecificRecordBase> AvroCodec<T> of(
      Class<T> type, ReleasedSchemas released) {
    return new AvroCodec<>(type, released);
  }

  /** The fingerprint of the schema this codec writes. */
  public long fingerprint() {
    return fingerprintAt(header);
  }

  /** Encodes one record, single-object encoded; the returned array is the caller's. */
  public byte[] encode(T record) {
    // buffered: Avro writes field by field, the stream then gets a few bulk writes instead of one
    // per byte
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    // After configuring: reconfiguring flushes what an earlier, failed encode left in the encoder.
    buffer.reset();
    buffer.write(header, 0, HEADER_LENGTH);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      encoder = null;
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      // A half-written record (a null in a required field...) stays in the encoder's buffer: drop
      // it,
      // or the next record would be written after it and be unreadable.
      encoder = null;
      throw e;
    }
    return buffer.toByteArray();
  }

  /**
   * Decodes one record, single-object encoded or bare, and insists every byte was used, so a
   * truncated or foreign payload fails here instead of turning into a silently wrong record. Every
   * length in the payload is checked against its size before anything is allocated, so no payload
   * can exhaust memory.
   *
   * <p>A payload starting with the marker {@code C3 01} and a fingerprint of a known schema is read
   * as single-object encoded. Anything else is read as bare Avro; a bare record can itself start
   * with {@code C3 01} (a first field of long -98), so a marker without a known fingerprint is only
   * reported as such when the bytes are not a bare record either.
   *
   * @throws MalformedRecordException (an IOException) with the reason, whatever went wrong: nothing
   *     else escapes, not even an Error from Avro
   */
  public T decode(byte[] bytes) throws MalformedRecordException {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedRecordException("empty payload: not a " + typeName);
    }
    if (bytes.length < 2 || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
      return read(bareReader, bytes, 0);
    }
    if (bytes.length >= HEADER_LENGTH) {
      SpecificDatumReader<T> reader = readerFor(fingerprintAt(bytes));
      if (reader != null) {
        return read(reader, bytes, HEADER_LENGTH);
      }
    }
    try {
      return read(bareReader, bytes, 0);
    } catch (MalformedRecordException notBare) {
      if (bytes.length < HEADER_LENGTH) {
        throw new MalformedRecordException(
            "truncated single-object header: "
                + bytes.length
                + " of "
                + HEADER_LENGTH
                + " bytes, not a "
                + typeName,
            notBare);
      }
      throw new MalformedRecordException(
          "unknown writer schema fingerprint "
              + hex(fingerprintAt(bytes))
              + " for "
              + typeName
              + ": not one of the released versions "
              + released.versions()
              + " nor the current schema "
              + hex(fingerprint())
              + "; upgrade the reader (rateflow-schemas) to the"
              + " release that has this schema before producers write it",
          notBare);
    }
  }

  /** The reader of records written with this fingerprint, or null when the schema is unknown. */
  private SpecificDatumReader<T> readerFor(long fingerprint) throws MalformedRecordException {
    SpecificDatumReader<T> reader = readers.get(fingerprint);
    if (reader != null) {
      return reader;
    }
    Schema writerSchema = released.findByFingerprint(fingerprint);
    if (writerSchema == null) {
      return null;
    }
    if (!writerSchema.getFullName().equals(schema.getFullName())) {
      throw new MalformedRecordException(
          "writer schema fingerprint "
              + hex(fingerprint)
              + " is "
              + writerSchema.getFullName()
              + ", not "
              + schema.getFullName()
              + ": a record of another topic?");
    }
    try {
      reader = resolving(writerSchema);
    } catch (IllegalStateException e) {
      throw new MalformedRecordException(e.getMessage(), e);
    }
    readers.put(fingerprint, reader);
    return reader;
  }

  /**
   * A reader of {@code writerSchema}'s records as this type's current schema (Avro schema
   * resolution).
   */
  private SpecificDatumReader<T> resolving(Schema writerSchema) {
    String empty = zeroByteItems(writerSchema, new IdentityHashMap<>());
    if (empty != null) {
      // Released schemas are checked by SchemaCompatibilityTest; this guards the decoder's bound
      // anyway.
      throw new IllegalStateException(
          "released "
              + writerSchema.getFullName()
              + ": "
              + empty
              + " can hold items encoded in zero bytes; AvroCodec cannot read it bounded");
    }
    return new SpecificDatumReader<>(writerSchema, schema, SpecificData.getForClass(type));
  }

  private T read(SpecificDatumReader<T> reader, byte[] bytes, int offset)
      throws MalformedRecordException {
    decoder.reset(bytes, offset);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (MalformedRecordException e) {
      throw new MalformedRecordException("not a " + typeName + ": " + e.getMessage(), e);
    } catch (Throwable e) {
      // A bad union or enum index, a decimal Avro cannot convert, a StackOverflowError...: one bad
      // record, whatever Avro threw for it.
      throw new MalformedRecordException(
          "not a "
              + typeName
              + " (at byte "
              + decoder.position()
              + " of "
              + bytes.length
              + "): "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    if (!decoder.isEnd()) {
      throw new MalformedRecordException(
          "trailing bytes after the record: not a "
              + typeName
              + " ("
              + decoder.remaining()
              + " of "
              + bytes.length
              + " bytes left over)");
    }
    return record;
  }

  private static long fingerprintAt(byte[] bytes) {
    long fingerprint = 0;
    for (int i = 7; i >= 0; i--) {
      fingerprint = fingerprint << 8 | (bytes[2 + i] & 0xff);
    }
    return fingerprint;
  }

  static String hex(long fingerprint) {
    return String.format("%016x", fingerprint);
  }

  /** The path of a collection whose items can take zero bytes, or null when there is none. */
  static String zeroByteItems(Schema schema, Map<Schema, Boolean> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (seen.put(schema, Boolean.TRUE) != null) {
          return null;
        }
        for (Schema.Field f : schema.getFields()) {
          String inner = zeroByteItems(f.schema(), seen);
          if (inner != null) {
            return f.name() + (inner.isEmpty() ? "" : "." + inner);
          }
        }
        return null;
      }
      case ARRAY, MAP -> {
        Schema item =
            schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema.getValueType();
        // a map item has its key, a string: at least one byte
        if (schema.getType() == Schema.Type.ARRAY && minBytes(item, new IdentityHashMap<>()) == 0) {
          return "";
        }
        return zeroByteItems(item, seen);
      }
      case UNION -> {
        for (Schema branch : schema.getTypes()) {
          String inner = zeroByteItems(branch, seen);
          if (inner != null) {
            return inner;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /** The fewest bytes a value of {@code schema} can take. */
  private static int minBytes(Schema schema, Map<Schema, Boolean> open) {
    return switch (schema.getType()) {
      case NULL -> 0;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> schema.getFixedSize();
      case RECORD -> {
        if (open.put(schema, Boolean.TRUE) != null) {
          yield 0; // recursion goes through a union or collection, which already counts a byte
        }
        int sum = 0;
        for (Schema.Field f : schema.getFields()) {
          sum += minBytes(f.schema(), open);
        }
        open.remove(schema);
        yield sum;
      }
      default -> 1; // boolean, int, long, enum, string, bytes, array, map, union
    };
  }

  /**
   * A growable byte array without ByteArrayOutputStream's per-write locking: one codec is one
   * thread's.
   */
  private static final class Buffer extends java.io.OutputStream {
    private byte[] bytes = new byte[512];
    private int size;

    void reset() {
      size = 0;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(bytes, size);
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}

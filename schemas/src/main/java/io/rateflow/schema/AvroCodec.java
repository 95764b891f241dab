package io.rateflow.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Plain Avro binary encoding of one record type: the wire format of every Rateflow topic (no
 * registry header). One instance per thread: it reuses its buffers, so it is not thread-safe.
 */
public final class AvroCodec<T extends SpecificRecordBase> {
  private final SpecificDatumReader<T> reader;
  private final SpecificDatumWriter<T> writer;
  private final Buffer buffer = new Buffer();
  private final BoundedDecoder decoder = new BoundedDecoder();
  private final String typeName;
  private BinaryEncoder encoder;

  private AvroCodec(Class<T> type) {
    // Avro's fast reader (what -Dorg.apache.avro.fastread=true turns on for every class) decodes in
    // about half the time; the class's own model is shared, so Flink's serializers of it use it too.
    SpecificData.getForClass(type).setFastReaderEnabled(true);
    this.reader = new SpecificDatumReader<>(type);
    this.writer = new SpecificDatumWriter<>(type);
    Schema schema = SpecificData.get().getSchema(type);
    this.typeName = schema.getName();
    String empty = zeroByteItems(schema, new IdentityHashMap<>());
    if (empty != null) {
      // The decoder bounds item counts by the bytes left, which holds only if every item takes a byte.
      throw new IllegalArgumentException(typeName + ": " + empty + " can hold items encoded in zero bytes; "
          + "AvroCodec cannot bound its item counts by the payload size. Give the items at least one field.");
    }
  }

  public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  /** Encodes one record; the returned array is the caller's. */
  public byte[] encode(T record) {
    // buffered: Avro writes field by field, the stream then gets a few bulk writes instead of one per byte
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    // After configuring: reconfiguring flushes what an earlier, failed encode left in the encoder.
    buffer.reset();
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      encoder = null;
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      // A half-written record (a null in a required field...) stays in the encoder's buffer: drop it,
      // or the next record would be written after it and be unreadable.
      encoder = null;
      throw e;
    }
    return buffer.toByteArray();
  }

  /**
   * Decodes one record and insists every byte was used, so a truncated or foreign payload fails
   * here instead of turning into a silently wrong record. Every length in the payload is checked
   * against its size before anything is allocated, so no payload can exhaust memory.
   *
   * @throws MalformedRecordException (an IOException) with the reason, whatever went wrong: nothing
   *     else escapes, not even an Error from Avro
   */
  public T decode(byte[] bytes) throws MalformedRecordException {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedRecordException("empty payload: not a " + typeName);
    }
    decoder.reset(bytes);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (MalformedRecordException e) {
      throw new MalformedRecordException("not a " + typeName + ": " + e.getMessage(), e);
    } catch (Throwable e) {
      // A bad union or enum index, a decimal Avro cannot convert, a StackOverflowError...: one bad
      // record, whatever Avro threw for it.
      throw new MalformedRecordException("not a " + typeName + " (at byte " + decoder.position() + " of "
          + bytes.length + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (!decoder.isEnd()) {
      throw new MalformedRecordException("trailing bytes after the record: not a " + typeName + " ("
          + decoder.remaining() + " of " + bytes.length + " bytes left over)");
    }
    return record;
  }

  /** The path of a collection whose items can take zero bytes, or null when there is none. */
  private static String zeroByteItems(Schema schema, Map<Schema, Boolean> seen) {
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
        Schema item = schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema.getValueType();
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

  /** A growable byte array without ByteArrayOutputStream's per-write locking: one codec is one thread's. */
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

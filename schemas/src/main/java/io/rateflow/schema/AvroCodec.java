package io.rateflow.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
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
  private BinaryDecoder decoder;
  private BinaryEncoder encoder;

  private AvroCodec(Class<T> type) {
    // Avro's fast reader (what -Dorg.apache.avro.fastread=true turns on for every class) decodes in
    // about half the time; the class's own model is shared, so Flink's serializers of it use it too.
    SpecificData.getForClass(type).setFastReaderEnabled(true);
    this.reader = new SpecificDatumReader<>(type);
    this.writer = new SpecificDatumWriter<>(type);
  }

  public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  /** Encodes one record; the returned array is the caller's. */
  public byte[] encode(T record) {
    buffer.reset();
    // buffered: Avro writes field by field, the stream then gets a few bulk writes instead of one per byte
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /**
   * Decodes one record and insists every byte was used, so a truncated or foreign payload fails
   * here instead of turning into a silently wrong record.
   *
   * @throws IOException or a runtime exception from Avro when the bytes are not a valid record
   */
  public T decode(byte[] bytes) throws IOException {
    if (bytes == null || bytes.length == 0) {
      throw new IOException("empty payload");
    }
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    T record = reader.read(null, decoder);
    if (!decoder.isEnd()) {
      throw new IOException("trailing bytes after the record: not a " + record.getSchema().getName());
    }
    return record;
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

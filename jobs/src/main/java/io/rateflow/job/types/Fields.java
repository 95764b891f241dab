package io.rateflow.job.types;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The field encodings the record serializers share. Every field may be null (Java lets an Avro
 * record hold a null where its schema does not, and a serializer must not lose it): strings carry
 * it in their length, the other objects in a leading marker byte.
 */
final class Fields {
  private static final byte NULL = 0;
  private static final byte PRESENT = 1;

  /** A decimal whose unscaled value fits a long: the common case, without a BigInteger. */
  private static final byte DECIMAL_LONG = 1;

  private static final byte DECIMAL_BYTES = 2;

  private Fields() {}

  static void writeString(String s, DataOutputView out) throws IOException {
    StringValue.writeString(s, out); // length + 1, 0 for null; ASCII one byte per char
  }

  static String readString(DataInputView in) throws IOException {
    return StringValue.readString(in);
  }

  /** Exact: the unscaled value and the scale, as Avro's decimal keeps them. */
  static void writeDecimal(BigDecimal d, DataOutputView out) throws IOException {
    if (d == null) {
      out.writeByte(NULL);
      return;
    }
    BigInteger unscaled = d.unscaledValue();
    if (unscaled.bitLength() < 64) {
      out.writeByte(DECIMAL_LONG);
      writeVarLong(unscaled.longValue(), out);
    } else {
      out.writeByte(DECIMAL_BYTES);
      byte[] bytes = unscaled.toByteArray();
      writeVarInt(bytes.length, out);
      out.write(bytes);
    }
    writeVarLong(d.scale(), out);
  }

  static BigDecimal readDecimal(DataInputView in) throws IOException {
    byte kind = in.readByte();
    if (kind == NULL) {
      return null;
    }
    if (kind == DECIMAL_LONG) {
      long unscaled = readVarLong(in);
      return BigDecimal.valueOf(unscaled, (int) readVarLong(in));
    }
    if (kind != DECIMAL_BYTES) {
      throw new IOException("corrupt decimal marker " + kind);
    }
    byte[] bytes = new byte[readVarInt(in)];
    in.readFully(bytes);
    return new BigDecimal(new BigInteger(bytes), (int) readVarLong(in));
  }

  /** Milliseconds since the epoch, as Avro's timestamp-millis keeps an instant. */
  static void writeInstant(Instant t, DataOutputView out) throws IOException {
    if (t == null) {
      out.writeByte(NULL);
      return;
    }
    out.writeByte(PRESENT);
    writeVarLong(t.toEpochMilli(), out);
  }

  static Instant readInstant(DataInputView in) throws IOException {
    return in.readByte() == NULL ? null : Instant.ofEpochMilli(readVarLong(in));
  }

  static void writeStringMap(Map<String, String> m, DataOutputView out) throws IOException {
    if (m == null) {
      writeVarInt(0, out);
      return;
    }
    writeVarInt(m.size() + 1, out);
    for (Map.Entry<String, String> e : m.entrySet()) {
      writeString(e.getKey(), out);
      writeString(e.getValue(), out);
    }
  }

  static Map<String, String> readStringMap(DataInputView in) throws IOException {
    int n = readVarInt(in) - 1;
    if (n < 0) {
      return null;
    }
    Map<String, String> m = new HashMap<>(capacity(n));
    for (int i = 0; i < n; i++) {
      m.put(readString(in), readString(in));
    }
    return m;
  }

  static Map<String, String> copyStringMap(Map<String, String> m) {
    return m == null ? null : new HashMap<>(m);
  }

  static void writeStringList(List<String> l, DataOutputView out) throws IOException {
    if (l == null) {
      writeVarInt(0, out);
      return;
    }
    writeVarInt(l.size() + 1, out);
    for (String s : l) {
      writeString(s, out);
    }
  }

  static List<String> readStringList(DataInputView in) throws IOException {
    int n = readVarInt(in) - 1;
    if (n < 0) {
      return null;
    }
    List<String> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(readString(in));
    }
    return l;
  }

  static List<String> copyStringList(List<String> l) {
    return l == null ? null : new ArrayList<>(l);
  }

  /** The buffer's remaining bytes; its position is left alone. */
  static void writeBytes(ByteBuffer b, DataOutputView out) throws IOException {
    if (b == null) {
      writeVarInt(0, out);
      return;
    }
    int n = b.remaining();
    writeVarInt(n + 1, out);
    if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), n);
    } else {
      byte[] bytes = new byte[n];
      b.duplicate().get(bytes);
      out.write(bytes);
    }
  }

  static ByteBuffer readBytes(DataInputView in) throws IOException {
    int n = readVarInt(in) - 1;
    if (n < 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes);
  }

  static ByteBuffer copyBytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return ByteBuffer.wrap(bytes);
  }

  /**
   * An enum by its position: adding symbols at the end keeps the format, reordering needs a new
   * version.
   */
  static void writeEnum(Enum<?> e, DataOutputView out) throws IOException {
    out.writeByte(e == null ? 0 : e.ordinal() + 1);
  }

  static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
    int i = in.readUnsignedByte() - 1;
    if (i < 0) {
      return null;
    }
    if (i >= values.length) {
      throw new IOException(
          "unknown symbol " + i + " of " + values.getClass().getComponentType().getSimpleName());
    }
    return values[i];
  }

  /** Unsigned LEB128, for lengths and counts. */
  static void writeVarInt(int v, DataOutputView out) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  static int readVarInt(DataInputView in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("corrupt varint");
  }

  /** Zig-zag LEB128, as Avro encodes a long: a timestamp in 6 bytes, a small amount in 1 or 2. */
  static void writeVarLong(long v, DataOutputView out) throws IOException {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      out.writeByte((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.writeByte((int) z);
  }

  static long readVarLong(DataInputView in) throws IOException {
    long z = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = in.readUnsignedByte();
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (z >>> 1) ^ -(z & 1);
      }
    }
    throw new IOException("corrupt varlong");
  }

  private static int capacity(int n) {
    return n < 3 ? n + 1 : (int) (n / 0.75f) + 1;
  }
}

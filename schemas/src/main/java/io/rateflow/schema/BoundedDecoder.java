package io.rateflow.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one payload held in a byte array, where every length read from the bytes
 * (string, bytes, array and map block counts) is checked against the bytes that remain before
 * anything is allocated. Avro's own {@code BinaryDecoder} allocates whatever a length prefix says
 * (up to {@code org.apache.avro.limits.*}, global to the JVM and near 2 GB by default), so six
 * bytes with a huge length ended in {@link OutOfMemoryError}. Here a payload of n bytes can never
 * make the reader allocate much more than n bytes, or n items: every item of every Rateflow
 * collection takes at least one byte (checked by {@link AvroCodec} when it is built).
 *
 * <p>One instance per codec, reset per payload; not thread-safe.
 */
final class BoundedDecoder extends Decoder {
  private byte[] buf;
  private int pos;
  private int limit;

  /**
   * Reads {@code bytes} from {@code offset} (past a header); offsets in messages count from byte 0.
   */
  BoundedDecoder reset(byte[] bytes, int offset) {
    this.buf = bytes;
    this.pos = offset;
    this.limit = bytes.length;
    return this;
  }

  /** Whether every byte of the payload was read. */
  boolean isEnd() {
    return pos == limit;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return limit - pos;
  }

  private void need(long n, String what) throws MalformedRecordException {
    if (n > limit - pos) {
      throw new MalformedRecordException(
          what
              + " needs "
              + n
              + " bytes at offset "
              + pos
              + " but only "
              + (limit - pos)
              + " remain of the "
              + limit
              + "-byte payload");
    }
  }

  /** A length or count read from the bytes: never negative, never more than what remains. */
  private int length(String what) throws MalformedRecordException {
    int at = pos;
    long n = readLongUnchecked();
    if (n < 0) {
      throw new MalformedRecordException("negative " + what + " length " + n + " at offset " + at);
    }
    need(n, what);
    return (int) n;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws MalformedRecordException {
    need(1, "boolean");
    int b = buf[pos++];
    if (b != 0 && b != 1) {
      throw new MalformedRecordException(
          "boolean byte " + b + " at offset " + (pos - 1) + " is neither 0 nor 1");
    }
    return b == 1;
  }

  @Override
  public int readInt() throws MalformedRecordException {
    int at = pos;
    int n = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      need(1, "int");
      int b = buf[pos++] & 0xff;
      n |= (b & 0x7f) << shift;
      if (b < 0x80) {
        return (n >>> 1) ^ -(n & 1);
      }
    }
    throw new MalformedRecordException(
        "invalid int encoding at offset " + at + ": more than 5 bytes");
  }

  @Override
  public long readLong() throws MalformedRecordException {
    return readLongUnchecked();
  }

  private long readLongUnchecked() throws MalformedRecordException {
    int at = pos;
    long n = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      need(1, "long");
      long b = buf[pos++] & 0xff;
      n |= (b & 0x7f) << shift;
      if (b < 0x80) {
        return (n >>> 1) ^ -(n & 1);
      }
    }
    throw new MalformedRecordException(
        "invalid long encoding at offset " + at + ": more than 10 bytes");
  }

  @Override
  public float readFloat() throws MalformedRecordException {
    need(4, "float");
    int bits =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() throws MalformedRecordException {
    need(8, "double");
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = bits << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Utf8 readString(Utf8 old) throws MalformedRecordException {
    int n = length("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(n);
    System.arraycopy(buf, pos, result.getBytes(), 0, n);
    pos += n;
    return result;
  }

  @Override
  public String readString() throws MalformedRecordException {
    int n = length("string");
    // Malformed UTF-8 becomes U+FFFD, as in Avro's own decoder; the record's checks judge the text.
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  @Override
  public void skipString() throws MalformedRecordException {
    // Not "pos += length(...)": Java reads pos before the call, and would lose the length's own
    // bytes.
    int n = length("string");
    pos += n;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws MalformedRecordException {
    int n = length("bytes");
    // A fresh buffer: a reused one would let a later record change an earlier record's bytes.
    ByteBuffer result = ByteBuffer.wrap(java.util.Arrays.copyOfRange(buf, pos, pos + n));
    pos += n;
    return result;
  }

  @Override
  public void skipBytes() throws MalformedRecordException {
    // Not "pos += length(...)": Java reads pos before the call, and would lose the length's own
    // bytes.
    int n = length("bytes");
    pos += n;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int len) throws MalformedRecordException {
    need(len, "fixed");
    System.arraycopy(buf, pos, bytes, start, len);
    pos += len;
  }

  @Override
  public void skipFixed(int len) throws MalformedRecordException {
    need(len, "fixed");
    pos += len;
  }

  @Override
  public int readEnum() throws MalformedRecordException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws MalformedRecordException {
    return itemCount("array");
  }

  @Override
  public long arrayNext() throws MalformedRecordException {
    return itemCount("array");
  }

  @Override
  public long skipArray() throws MalformedRecordException {
    return skipBlocks("array");
  }

  @Override
  public long readMapStart() throws MalformedRecordException {
    return itemCount("map");
  }

  @Override
  public long mapNext() throws MalformedRecordException {
    return itemCount("map");
  }

  @Override
  public long skipMap() throws MalformedRecordException {
    return skipBlocks("map");
  }

  @Override
  public int readIndex() throws MalformedRecordException {
    return readInt();
  }

  /**
   * The item count of the next block. A negative count is followed by the block's size in bytes.
   * Each item takes at least one byte, so a count beyond the remaining bytes is refused before the
   * reader sizes a list by it.
   */
  private long itemCount(String what) throws MalformedRecordException {
    int at = pos;
    long count = readLongUnchecked();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new MalformedRecordException("invalid " + what + " block count at offset " + at);
      }
      count = -count;
      long size = readLongUnchecked();
      if (size < 0) {
        throw new MalformedRecordException(
            "negative " + what + " block size " + size + " at offset " + at);
      }
      need(size, what + " block");
    }
    need(count, what + " of " + count + " items");
    return count;
  }

  /**
   * Skips whole blocks that carry their byte size; returns the count of the first block that does
   * not.
   */
  private long skipBlocks(String what) throws MalformedRecordException {
    while (true) {
      int at = pos;
      long count = readLongUnchecked();
      if (count >= 0) {
        need(count, what + " of " + count + " items");
        return count;
      }
      long size = readLongUnchecked();
      if (count == Long.MIN_VALUE || size < 0) {
        throw new MalformedRecordException("invalid " + what + " block at offset " + at);
      }
      need(size, what + " block");
      pos += (int) size;
    }
  }
}

package io.rateflow.ids;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3 x64_128 (seed 0), the fast non-cryptographic 128-bit hash behind the job's
 * deterministic ids and event-id fingerprints. Ids need spread and stability, not secrecy: an id
 * derives from facts the producer already knows. Written here rather than taken from a library so
 * the job has no new runtime dependency; the tests check it against commons-codec's {@code
 * MurmurHash3.hash128x64}.
 *
 * @param h1 the first 64 bits (the first half of the reference implementation's output)
 * @param h2 the last 64 bits
 */
public record Hash128(long h1, long h2) {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The hash of {@code data[offset, offset + length)}. */
  public static Hash128 of(byte[] data, int offset, int length) {
    long h1 = 0;
    long h2 = 0;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      int at = offset + (i << 4);
      long k1 = (long) LONG_LE.get(data, at);
      long k2 = (long) LONG_LE.get(data, at + 8);

      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;

      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }

    int tail = offset + (blocks << 4);
    long k1 = 0;
    long k2 = 0;
    switch (length & 15) {
      case 15:
        k2 ^= (data[tail + 14] & 0xffL) << 48; // fall through
      case 14:
        k2 ^= (data[tail + 13] & 0xffL) << 40; // fall through
      case 13:
        k2 ^= (data[tail + 12] & 0xffL) << 32; // fall through
      case 12:
        k2 ^= (data[tail + 11] & 0xffL) << 24; // fall through
      case 11:
        k2 ^= (data[tail + 10] & 0xffL) << 16; // fall through
      case 10:
        k2 ^= (data[tail + 9] & 0xffL) << 8; // fall through
      case 9:
        k2 ^= data[tail + 8] & 0xffL;
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= C1;
        h2 ^= k2;
      // fall through
      case 8:
        k1 ^= (data[tail + 7] & 0xffL) << 56; // fall through
      case 7:
        k1 ^= (data[tail + 6] & 0xffL) << 48; // fall through
      case 6:
        k1 ^= (data[tail + 5] & 0xffL) << 40; // fall through
      case 5:
        k1 ^= (data[tail + 4] & 0xffL) << 32; // fall through
      case 4:
        k1 ^= (data[tail + 3] & 0xffL) << 24; // fall through
      case 3:
        k1 ^= (data[tail + 2] & 0xffL) << 16; // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xffL) << 8; // fall through
      case 1:
        k1 ^= data[tail] & 0xffL;
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= C2;
        h1 ^= k1;
        break;
      default:
        break;
    }

    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    return new Hash128(h1, h2);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}

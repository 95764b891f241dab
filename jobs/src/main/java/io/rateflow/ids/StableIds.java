package io.rateflow.ids;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The one place that turns the parts of a fact into its deterministic id: the same parts always
 * give the same id, so a replay or a re-rating reproduces it and consumers de-duplicate on it. See
 * docs/ids.md for the format and the collision odds.
 *
 * <p>The name hashed is the namespace and then each part, each as its UTF-8 byte length (a varint)
 * followed by its bytes: no two different lists of parts give the same name, so {@code ("a|b",
 * "c")} and {@code ("a", "b|c")} cannot collide, and the namespace keeps id families apart.
 */
public final class StableIds {
  /** Names are short (a few ids and labels); a per-thread buffer spares an allocation per id. */
  private static final ThreadLocal<Name> NAME = ThreadLocal.withInitial(Name::new);

  private StableIds() {}

  /**
   * The id of the parts ({@code String.valueOf} each) in the namespace: MurmurHash3 x64_128 of the
   * name, as an RFC 9562 UUIDv8 (36 characters; version 8, variant 10), which ERPs expecting UUIDs
   * take.
   */
  public static String of(String namespace, Object... parts) {
    Name name = NAME.get().reset();
    name.part(namespace);
    for (Object part : parts) {
      name.part(String.valueOf(part));
    }
    Hash128 h = Hash128.of(name.bytes, 0, name.length);
    return uuidV8(h).toString();
  }

  /**
   * A 64-bit fingerprint of a string, for compact memories: the first half of its UTF-8 bytes'
   * hash, never 0 (a hash of 0 counts as 1), so 0 stays free for a memory's own markers.
   */
  public static long fingerprint(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    long h = Hash128.of(utf8, 0, utf8.length).h1();
    return h == 0 ? 1 : h;
  }

  /** The hash as a UUIDv8: 122 of its bits, with the version nibble 8 and the variant bits 10. */
  static UUID uuidV8(Hash128 h) {
    long msb = (h.h1() & ~0xF000L) | 0x8000L;
    long lsb = (h.h2() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** A growable name buffer. */
  private static final class Name {
    private byte[] bytes = new byte[128];
    private int length;

    Name reset() {
      length = 0;
      return this;
    }

    /** A length-prefixed part. */
    void part(String s) {
      // The JDK encodes an all-ASCII string by one array copy (an intrinsic), faster than by char.
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      bytes(utf8);
    }

    private void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    private void varint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        bytes[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[length++] = (byte) v;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}

package io.rateflow.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StableIdsTest {

  @Property(tries = 300)
  void anIdIsAUuidV8OfVariant10(@ForAll String a, @ForAll String b) {
    String id = StableIds.of("ns", a, b);
    assertThat(id).hasSize(36);
    UUID u = UUID.fromString(id);
    assertThat(u.version()).isEqualTo(8);
    assertThat(u.variant()).isEqualTo(2); // the RFC 9562 variant, bits 10
    assertThat(u.toString()).isEqualTo(id);
  }

  @Property(tries = 300)
  void theSamePartsGiveTheSameId(@ForAll String a, @ForAll int line) {
    assertThat(StableIds.of("ns", a, line))
        .isEqualTo(StableIds.of("ns", new String(a), Integer.valueOf(line)));
  }

  /**
   * Length prefixes: moving a boundary between parts, or the namespace's, changes the name hashed.
   */
  @Property(tries = 300)
  void partsAreSeparatedByTheirLengths(@ForAll String a, @ForAll String b, @ForAll String c) {
    Assume.that(!b.isEmpty());
    assertThat(StableIds.of("ns", a + b, c)).isNotEqualTo(StableIds.of("ns", a, b + c));
    assertThat(StableIds.of("ns", a, b)).isNotEqualTo(StableIds.of("ns", a + b));
    if (!a.isEmpty()) {
      assertThat(StableIds.of("ns" + a, b)).isNotEqualTo(StableIds.of("ns", a + b));
    }
  }

  @Test
  void theClassicSeparatorCollisionsDoNotHappen() {
    assertThat(StableIds.of("ns", "a|b", "c")).isNotEqualTo(StableIds.of("ns", "a", "b|c"));
    assertThat(StableIds.of("ns", "1:a", "")).isNotEqualTo(StableIds.of("ns", "", "1:a"));
    assertThat(StableIds.of("a", "b")).isNotEqualTo(StableIds.of("b", "a"));
  }

  /** The format is fixed: this vector is the hash of the documented name bytes (docs/ids.md). */
  @Test
  void theNameIsTheVarintLengthPrefixedUtf8Parts() {
    byte[] name = {3, 'a', 'c', 'c', 1, 'x', 2, (byte) 0xc3, (byte) 0xa9};
    Hash128 h = Hash128.of(name, 0, name.length);
    assertThat(StableIds.of("acc", "x", "é")).isEqualTo(StableIds.uuidV8(h).toString());

    byte[] longPart = new byte[2 + 200];
    longPart[0] = (byte) (200 & 0x7f | 0x80);
    longPart[1] = (byte) (200 >>> 7);
    java.util.Arrays.fill(longPart, 2, longPart.length, (byte) 'z');
    assertThat(StableIds.of("z".repeat(200)))
        .isEqualTo(StableIds.uuidV8(Hash128.of(longPart, 0, longPart.length)).toString());
  }

  @Property(tries = 200)
  void aFingerprintIsTheFirstHalfOfTheUtf8Hash(@ForAll String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long h = Hash128.of(utf8, 0, utf8.length).h1();
    assertThat(StableIds.fingerprint(s)).isEqualTo(h == 0 ? 1 : h).isNotZero();
  }

  @Test
  void manyIdsAreDistinct() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(StableIds.of("ns", "acc-" + (i % 100), "evt-" + i, 0));
    }
    assertThat(ids).hasSize(100_000);
    assertThat(List.copyOf(ids).get(0))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}

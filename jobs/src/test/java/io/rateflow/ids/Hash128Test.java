package io.rateflow.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

/** Our MurmurHash3 x64_128 is the reference one: checked against commons-codec (test only). */
class Hash128Test {

  @Property(tries = 500)
  void equalsTheReferenceImplementationForEveryLengthAndOffset(
      @ForAll @Size(max = 80) byte[] data) {
    long[] expected = MurmurHash3.hash128x64(data);
    Hash128 h = Hash128.of(data, 0, data.length);
    assertThat(new long[] {h.h1(), h.h2()}).containsExactly(expected);

    // the same bytes at an offset inside a larger array
    byte[] padded = new byte[data.length + 7];
    System.arraycopy(data, 0, padded, 3, data.length);
    assertThat(Hash128.of(padded, 3, data.length)).isEqualTo(h);
  }

  /**
   * Known vectors of MurmurHash3_x64_128, seed 0 (the canonical C++ output read as two
   * little-endian longs).
   */
  @Test
  void knownVectors() {
    assertThat(Hash128.of(new byte[0], 0, 0)).isEqualTo(new Hash128(0, 0));
    byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    assertThat(Hash128.of(fox, 0, fox.length))
        .isEqualTo(new Hash128(0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L));
  }
}

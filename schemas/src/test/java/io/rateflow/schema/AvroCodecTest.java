package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The wire codec: exact round trips however large the record, and no silent partial reads. */
class AvroCodecTest {
  final AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);

  static PricingRule rule(int documentChars) {
    return PricingRule.newBuilder().setKind(RuleKind.PRICING).setRuleSetId("usd").setVersion(7L)
        .setEffectiveFrom(Instant.parse("2026-11-01T00:00:00Z")).setDocument("x".repeat(documentChars))
        .setSourceName("usd.yaml").setPublishedAt(Instant.EPOCH).setPublishedBy("test").build();
  }

  @Test
  void smallAndLargeRecordsRoundTripAndTheBufferIsReusedWithoutLeakingBytes() throws IOException {
    byte[] large = codec.encode(rule(100_000)); // beyond every internal buffer
    byte[] small = codec.encode(rule(3));       // after a large one: only its own bytes
    assertThat(codec.decode(large)).isEqualTo(rule(100_000));
    assertThat(codec.decode(small)).isEqualTo(rule(3));
    assertThat(small.length).isLessThan(100);
    assertThat(codec.encode(rule(3))).isEqualTo(small);
  }

  @Test
  void truncatedOrPaddedBytesAreRefused() throws IOException {
    byte[] bytes = codec.encode(rule(10));
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(IOException.class)
        .hasMessageContaining("trailing bytes");
    assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(IOException.class);
  }
}

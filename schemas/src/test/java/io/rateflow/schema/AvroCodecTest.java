package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The wire codec: exact round trips however large the record, and no silent partial reads. */
class AvroCodecTest {
  final AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
  final AvroCodec<ActivityEvent> events = AvroCodec.of(ActivityEvent.class);

  static PricingRule rule(int documentChars) {
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId("usd")
        .setVersion(7L)
        .setEffectiveFrom(Instant.parse("2026-11-01T00:00:00Z"))
        .setDocument("x".repeat(documentChars))
        .setSourceName("usd.yaml")
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("test")
        .build();
  }

  static ActivityEvent event() {
    return ActivityEvent.newBuilder()
        .setEventId("e-1")
        .setAccountId("acc-1")
        .setMeter("api_calls")
        .setQuantity(new BigDecimal("12.500000"))
        .setEventTime(Instant.parse("2026-11-01T10:00:00Z"))
        .setAttributes(Map.of("region", "eu", "tier", "gold"))
        .setValue(new BigDecimal("3.000000"))
        .setUnitPrice(null)
        .setSource("test")
        .build();
  }

  @Test
  void smallAndLargeRecordsRoundTripAndTheBufferIsReusedWithoutLeakingBytes() throws IOException {
    byte[] large = codec.encode(rule(100_000)); // beyond every internal buffer
    byte[] small = codec.encode(rule(3)); // after a large one: only its own bytes
    assertThat(codec.decode(large)).isEqualTo(rule(100_000));
    assertThat(codec.decode(small)).isEqualTo(rule(3));
    assertThat(small.length).isLessThan(100);
    assertThat(codec.encode(rule(3))).isEqualTo(small);
    assertThat(events.decode(events.encode(event()))).isEqualTo(event());
  }

  @Test
  void truncatedOrPaddedBytesAreRefused() throws IOException {
    byte[] bytes = codec.encode(rule(10));
    for (int cut = 1; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, bytes.length - cut);
      assertThatThrownBy(() -> codec.decode(truncated))
          .isInstanceOf(MalformedRecordException.class);
    }
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("trailing bytes")
        .hasMessageContaining("PricingRule");
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void aSixByteRecordWithAHugeLengthPrefixIsRefusedWithoutAllocating() {
    // event_id's length: zig-zag varint of 2^31 - 1, about 2 GB; Avro's own decoder tried to
    // allocate it
    byte[] poison = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x41};
    assertThatThrownBy(() -> events.decode(poison))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("ActivityEvent")
        .hasMessageContaining("string needs 2147483647 bytes at offset 5 but only 1 remain");
  }

  @Test
  void aHugeMapCountOrNegativeLengthIsRefusedBeforeAnythingIsSizedByIt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    e.writeString("e-1");
    e.writeString("acc-1");
    e.writeString("api_calls");
    e.writeBytes(new byte[] {1});
    e.writeLong(0L);
    e.writeLong(Integer.MAX_VALUE - 8L); // attributes: a block of ~2^31 entries in a few bytes
    e.writeString("k");
    e.flush();
    assertThatThrownBy(() -> events.decode(out.toByteArray()))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("map of 2147483639 items");

    byte[] negative = {0x01, 0x41}; // event_id length -1
    assertThatThrownBy(() -> events.decode(negative))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("negative string length -1");
  }

  @Test
  void randomBytesAndMutationsOfAValidRecordFailOnlyWithMalformedRecordException()
      throws IOException {
    long seed = 20261202L;
    Random random = new Random(seed);
    byte[] valid = events.encode(event());
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      try {
        events.decode(bytes);
        decoded++;
      } catch (MalformedRecordException expected) {
        assertThat(expected.getMessage()).as("seed %d, case %d", seed, i).isNotBlank();
      }
    }
    // some bit flips only change a character: those still decode, and the codec stays usable
    assertThat(decoded).isPositive();
    assertThat(events.decode(valid)).isEqualTo(event());
  }

  @Test
  void aFailedEncodeLeavesTheCodecUsable() throws IOException {
    PricingRule broken = rule(3);
    broken.setDocument(null); // a required string: Avro fails half-way through the record
    assertThatThrownBy(() -> codec.encode(broken)).isInstanceOf(RuntimeException.class);
    byte[] bytes = codec.encode(rule(5));
    assertThat(codec.decode(bytes)).isEqualTo(rule(5));
    assertThat(bytes).isEqualTo(AvroCodec.of(PricingRule.class).encode(rule(5)));
  }
}

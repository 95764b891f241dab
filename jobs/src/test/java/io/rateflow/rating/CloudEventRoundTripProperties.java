package io.rateflow.rating;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Any event an Avro producer can send, written as a CloudEvent and read back, is the same event:
 * the two formats of the events topic carry the same information, decimals to the last digit.
 */
class CloudEventRoundTripProperties {
  private static final String[] SOURCES = {
    "/gateway/eu-1", "urn:rateflow:svc", "https://api.example.com/v1", "gw", "a/b?c=d#e"
  };
  private final CloudEventReader reader = new CloudEventReader();
  private final AvroCodec<ActivityEvent> avro = AvroCodec.of(ActivityEvent.class);

  @Property(tries = 1000)
  void anEventWrittenAsACloudEventReadsBackEqual(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    Map<String, String> attributes = new HashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      attributes.put(text(r, 1 + r.nextInt(12)), text(r, r.nextInt(20)));
    }
    ActivityEvent e =
        ActivityEvent.newBuilder()
            .setEventId(text(r, 1 + r.nextInt(40)))
            .setAccountId(text(r, 1 + r.nextInt(20)))
            .setMeter(text(r, 1 + r.nextInt(20)))
            .setQuantity(decimal(r))
            // any millisecond from 1970 to 2100
            .setEventTime(Instant.ofEpochMilli((long) (r.nextDouble() * 4_102_444_800_000L)))
            .setAttributes(attributes)
            .setValue(r.nextBoolean() ? null : decimal(r))
            .setUnitPrice(r.nextBoolean() ? null : decimal(r))
            .setSource(SOURCES[r.nextInt(SOURCES.length)])
            .build();
    // what an Avro consumer sees: the schema's own scale and precision
    ActivityEvent viaAvro = avro.decode(avro.encode(e));
    byte[] json = CloudEventWriter.toJson(e);
    assertThat(reader.read(json))
        .as("%s", new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(viaAvro);
  }

  /**
   * decimal(24, 6): up to 24 digits, 6 of them decimals, any sign, sometimes with trailing zeros.
   */
  private static BigDecimal decimal(Random r) {
    int digits = 1 + r.nextInt(24);
    BigInteger unscaled = new BigInteger(digits * 4, r).mod(BigInteger.TEN.pow(digits));
    BigDecimal d = new BigDecimal(r.nextInt(5) == 0 ? unscaled.negate() : unscaled, 6);
    return d;
  }

  /** Printable text with some non-ASCII, quotes and backslashes: everything JSON must escape. */
  private static String text(Random r, int length) {
    String alphabet = "abcXYZ019-_.:/ \"\\é€漢😀";
    StringBuilder b = new StringBuilder();
    while (b.length() < length) {
      b.appendCodePoint(
          alphabet.codePointAt(
              alphabet.offsetByCodePoints(
                  0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return b.toString();
  }
}

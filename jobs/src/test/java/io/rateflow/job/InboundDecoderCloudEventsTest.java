package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.rating.CloudEventWriter;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The events decoder with both formats of the events topic: the same event as Avro and as
 * CloudEvents JSON is the same input downstream, and fails the same checks with the same reasons
 * and messages; the dead letter carries the bytes as they came.
 */
class InboundDecoderCloudEventsTest {
  static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
  final RatingConfig config = RatingConfig.defaults("unused:9092");
  final AvroCodec<ActivityEvent> avro = AvroCodec.of(ActivityEvent.class);

  static ActivityEvent event(UnaryOperator<ActivityEvent.Builder> change) {
    return change
        .apply(
            ActivityEvent.newBuilder()
                .setEventId("e-1")
                .setAccountId("A-1")
                .setMeter("api_calls")
                .setQuantity(new BigDecimal("12.500000"))
                .setEventTime(Instant.ofEpochMilli(NOW - 60_000))
                .setAttributes(Map.of("region", "eu"))
                .setValue(new BigDecimal("3.000000"))
                .setSource("/gateway/eu-1"))
        .build();
  }

  @Test
  void theSameEventAsAvroAndAsJsonIsTheSameInputDownstream() throws Exception {
    var h = harness(InboundDecoder.Kind.EVENTS);
    ActivityEvent e = event(b -> b);
    byte[] asAvro = avro.encode(e);
    byte[] asJson = CloudEventWriter.toJson(e);
    h.processElement(new RawRecord("events", 0, 1, NOW, asAvro), 0L);
    h.processElement(new RawRecord("events", 0, 2, NOW, asJson), 0L);
    assertThat(rejected(h)).isEmpty();
    List<Inbound> out = h.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).getPayload()).isEqualTo(out.get(0).getPayload()).isEqualTo(e);
    assertThat(out.get(1).getAccountId()).isEqualTo("A-1");
    // the original bytes travel on, for a rejection later (unknown account, duplicate...)
    assertThat(bytes(out.get(0).getRaw())).containsExactly(asAvro);
    assertThat(bytes(out.get(1).getRaw())).containsExactly(asJson);
  }

  @Test
  void leadingWhitespaceAndExtensionsAreFine() throws Exception {
    var h = harness(InboundDecoder.Kind.EVENTS);
    String json =
        "\n  "
            + CloudEventWriter.toJsonLine(event(b -> b))
                .replace("{\"specversion\"", "{\"traceparent\":\"00-1-2-01\",\"specversion\"");
    h.processElement(new RawRecord("events", 0, 1, NOW, json.getBytes(StandardCharsets.UTF_8)), 0L);
    assertThat(rejected(h)).isEmpty();
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(in -> assertThat(in.getPayload()).isEqualTo(event(b -> b)));
  }

  @Test
  void theSharedChecksRejectBothFormatsWithTheSameReasonAndMessage() throws Exception {
    List<UnaryOperator<ActivityEvent.Builder>> bad =
        List.of(
            b -> b.setEventId(" "),
            b -> b.setAccountId(""),
            b -> b.setMeter(""),
            b -> b.setEventId("e\u001b[2J"),
            b -> b.setMeter("api\ncalls"),
            b -> b.setQuantity(new BigDecimal("-1000000001.000000")),
            b -> b.setQuantity(new BigDecimal("1000000001.000000")),
            b -> b.setEventTime(Instant.ofEpochMilli(NOW).plusSeconds(7_200)));
    var h = harness(InboundDecoder.Kind.EVENTS);
    int offset = 0;
    for (UnaryOperator<ActivityEvent.Builder> change : bad) {
      ActivityEvent e = event(change);
      h.processElement(new RawRecord("events", 0, offset++, NOW, avro.encode(e)), 0L);
      h.processElement(new RawRecord("events", 0, offset++, NOW, CloudEventWriter.toJson(e)), 0L);
    }
    assertThat(h.extractOutputValues()).isEmpty();
    List<RejectedEvent> rejected = rejected(h);
    assertThat(rejected).hasSize(2 * bad.size());
    for (int i = 0; i < rejected.size(); i += 2) {
      RejectedEvent fromAvro = rejected.get(i);
      RejectedEvent fromJson = rejected.get(i + 1);
      assertThat(fromJson.getReasonCode())
          .as(fromAvro.getMessage())
          .isEqualTo(fromAvro.getReasonCode());
      assertThat(fromJson.getMessage().replace("@" + (i + 1) + "]", "@" + i + "]"))
          .isEqualTo(fromAvro.getMessage());
      assertThat(fromJson.getEventId()).isEqualTo(fromAvro.getEventId());
      assertThat(fromJson.getAccountId()).isEqualTo(fromAvro.getAccountId());
    }
    assertThat(rejected)
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly(
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_EVENT",
            "INVALID_QUANTITY",
            "INVALID_QUANTITY",
            "INVALID_QUANTITY",
            "INVALID_QUANTITY",
            "FAR_FUTURE",
            "FAR_FUTURE");
  }

  @Test
  void aBadCloudEventIsRejectedWithItsExactBytesWhereItCameFromAndWhy() throws Exception {
    var h = harness(InboundDecoder.Kind.EVENTS);
    byte[] noTime =
        CloudEventWriter.toJsonLine(event(b -> b))
            .replaceAll(",\"time\":\"[^\"]+\"", "")
            .getBytes(StandardCharsets.UTF_8);
    byte[] sevenDecimals =
        CloudEventWriter.toJsonLine(event(b -> b))
            .replace("\"12.5\"", "\"12.5000001\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] broken = "{\"specversion\":\"1.0\",\"id\":".getBytes(StandardCharsets.UTF_8);
    h.processElement(new RawRecord("events", 2, 10, NOW, noTime), 0L);
    h.processElement(new RawRecord("events", 2, 11, NOW, sevenDecimals), 0L);
    h.processElement(new RawRecord("events", 2, 12, NOW, broken), 0L);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(rejected(h))
        .satisfiesExactly(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("MALFORMED");
              assertThat(r.getMessage())
                  .isEqualTo(
                      "not a valid CloudEvent: no time: the time of the usage, RFC 3339 with an "
                          + "offset (e.g. 2026-12-01T10:00:00Z) [events/2@10]");
              assertThat(r.getEventId()).isEqualTo("e-1");
              assertThat(r.getAccountId()).isEqualTo("A-1");
              assertThat(bytes(r.getPayload())).containsExactly(noTime);
            },
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("INVALID_QUANTITY");
              assertThat(r.getMessage())
                  .isEqualTo(
                      "quantity 12.5000001 has more than 6 decimals, which the schema keeps; "
                          + "round it at the source (event e-1) [events/2@11]");
              assertThat(bytes(r.getPayload())).containsExactly(sevenDecimals);
            },
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("MALFORMED");
              assertThat(r.getMessage())
                  .startsWith("not a valid CloudEvent: not valid JSON")
                  .endsWith("[events/2@12]");
              assertThat(r.getSourcePartition()).isEqualTo(2);
              assertThat(r.getSourceOffset()).isEqualTo(12L);
              assertThat(bytes(r.getPayload())).containsExactly(broken);
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = InboundDecoder.Kind.class,
      names = {"ACCOUNTS", "COMMANDS", "ESTIMATES"})
  void jsonOnTheOtherTopicsIsMalformedSayingOnlyAvroIsReadThere(InboundDecoder.Kind kind)
      throws Exception {
    var h = harness(kind);
    byte[] json = CloudEventWriter.toJson(event(b -> b));
    h.processElement(new RawRecord("other", 0, 5, NOW, json), 0L);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(rejected(h))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("MALFORMED");
              assertThat(r.getMessage())
                  .startsWith("a JSON record where only Avro ")
                  .contains(
                      " records are read; CloudEvents JSON "
                          + "is accepted on the events topic only [other/0@5]");
              assertThat(bytes(r.getPayload())).containsExactly(json);
            });
  }

  @Test
  void aHugeCloudEventIsRejectedWithItsPayloadCutAndAPointerToTheRecord() throws Exception {
    var h = harness(InboundDecoder.Kind.EVENTS);
    String json = CloudEventWriter.toJsonLine(event(b -> b));
    byte[] big =
        json.replace(
                "{\"specversion\"", "{\"pad\":\"" + "x".repeat(1_100_000) + "\",\"specversion\"")
            .getBytes(StandardCharsets.UTF_8);
    h.processElement(new RawRecord("events", 0, 3, NOW, big), 0L);
    assertThat(rejected(h))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("MALFORMED");
              assertThat(r.getMessage())
                  .contains("bytes, more than the 1048576 a record may have")
                  .contains("payload cut to its first " + Rejections.MAX_PAYLOAD_BYTES);
              assertThat(bytes(r.getPayload()))
                  .containsExactly(Arrays.copyOf(big, Rejections.MAX_PAYLOAD_BYTES));
            });
  }

  @Test
  void mutatedCloudEventsAreEachDecodedOrRejectedNeverThrown() throws Exception {
    long seed = 11L;
    Random random = new Random(seed);
    byte[] valid = CloudEventWriter.toJson(event(b -> b));
    var h = harness(InboundDecoder.Kind.EVENTS);
    int sent = 3_000;
    for (int i = 0; i < sent; i++) {
      byte[] bytes = valid.clone();
      String json = "{}[]\":,0.-eE\\ x\u0000";
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        bytes[random.nextInt(bytes.length)] = (byte) json.charAt(random.nextInt(json.length()));
      }
      bytes =
          Arrays.copyOf(
              bytes,
              Math.max(1, bytes.length - random.nextInt(4) * random.nextInt(bytes.length) / 3));
      h.processElement(new RawRecord("events", 0, i, NOW, bytes), 0L);
    }
    List<RejectedEvent> rejected = rejected(h);
    assertThat(h.extractOutputValues().size() + rejected.size())
        .as("seed %d", seed)
        .isEqualTo(sent);
    assertThat(rejected)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getPayload()).isNotNull();
              assertThat(r.getReasonCode()).isNotEqualTo("PROCESSING_ERROR");
            });
  }

  private OneInputStreamOperatorTestHarness<RawRecord, Inbound> harness(InboundDecoder.Kind kind)
      throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new InboundDecoder(kind, config));
    h.setProcessingTime(NOW);
    return h;
  }

  private static List<RejectedEvent> rejected(OneInputStreamOperatorTestHarness<?, ?> h) {
    var out = h.getSideOutput(RatingPipeline.REJECTED);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

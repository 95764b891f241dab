package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Decoding and the account-independent checks, before anything is keyed. */
class DecoderTest {
  static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
  final RatingConfig config = RatingConfig.defaults("unused:9092");

  @Test
  void badEventsGoToTheDeadLetterOutputWithTheirBytesAndCoordinates() throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new InboundDecoder(InboundDecoder.Kind.EVENTS, config));
    h.setProcessingTime(NOW);
    byte[] garbage = {(byte) 0xFE, 0x00, 0x7F};
    h.processElement(raw(garbage, 7), 0L);
    // a negative quantity is a recurring meter's removal: the rules decide (see PeriodChargesTest)
    h.processElement(raw(event("neg", "-1", NOW)), 0L);
    h.processElement(raw(event("hugeneg", "-1000000000.5", NOW)), 0L);
    h.processElement(raw(event("huge", "1000000000.5", NOW)), 0L);
    h.processElement(raw(event("future", "1", NOW + 2 * 3600_000L)), 0L);
    h.processElement(raw(event("", "1", NOW)), 0L);
    h.processElement(raw(event("ok", "0", NOW + 60_000L)), 0L);

    List<RejectedEvent> rejected = side(h, RatingPipeline.REJECTED);
    assertThat(rejected)
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly(
            "MALFORMED", "INVALID_QUANTITY", "INVALID_QUANTITY", "FAR_FUTURE", "INVALID_EVENT");
    assertThat(rejected.get(0).getPayload().array()).containsExactly(garbage);
    assertThat(rejected.get(0).getSourceOffset()).isEqualTo(7L);
    assertThat(rejected.get(0).getMessage()).contains("events/0@7");
    assertThat(h.extractOutputValues())
        .extracting(in -> ((ActivityEvent) in.getPayload()).getEventId())
        .containsExactly("neg", "ok");
  }

  @Test
  void aProfileWithAnUnknownCurrencyOrZoneIsRejected() throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new InboundDecoder(InboundDecoder.Kind.ACCOUNTS, config));
    AvroCodec<AccountProfile> codec = AvroCodec.of(AccountProfile.class);
    h.processElement(raw(codec.encode(profile("A", "USD", "Europe/Berlin")), 1), 0L);
    h.processElement(raw(codec.encode(profile("B", "XYZ", "UTC")), 2), 0L);
    h.processElement(raw(codec.encode(profile("C", "EUR", "Mars/Olympus")), 3), 0L);
    assertThat(h.extractOutputValues()).extracting(Inbound::getAccountId).containsExactly("A");
    assertThat(side(h, RatingPipeline.REJECTED))
        .extracting(RejectedEvent::getMessage)
        .satisfiesExactly(
            m -> assertThat(m).contains("'XYZ' is not an ISO-4217"),
            m -> assertThat(m).contains("'Mars/Olympus'"));
  }

  @Test
  void anInvalidRuleIsRejectedOnceWithItsProblemsAndAValidOneIsForwarded() throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new RuleDecoder());
    AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
    h.processElement(raw(codec.encode(rule("usd", 1, AccountProcessorTest.USD_V1)), 1), 0L);
    h.processElement(
        raw(
            codec.encode(
                rule(
                    "usd",
                    2,
                    AccountProcessorTest.USD_V1
                        .replace("version: 1", "version: 2")
                        .replace("currency: USD", "currency: DOLLARS"))),
            2),
        0L);
    h.processElement(raw(codec.encode(rule("other", 1, AccountProcessorTest.USD_V1)), 3), 0L);
    h.processElement(raw(new byte[] {1, 2, 3}, 4), 0L);

    assertThat(h.extractOutputValues()).extracting(PricingRule::getVersion).containsExactly(1L);
    List<RejectedRule> rejected = side(h, RatingPipeline.REJECTED_RULES);
    assertThat(rejected).hasSize(3);
    assertThat(rejected.get(0).getProblems())
        .anySatisfy(p -> assertThat(p).contains("usd.yaml:4:").contains("DOLLARS"));
    assertThat(rejected.get(1).getProblems())
        .anySatisfy(
            p -> assertThat(p).contains("the record says other v1 but the document is usd v1"));
    assertThat(rejected.get(2).getProblems())
        .anySatisfy(p -> assertThat(p).contains("not a valid Avro PricingRule"));
  }

  private static <T> List<T> side(
      OneInputStreamOperatorTestHarness<?, ?> h, org.apache.flink.util.OutputTag<T> tag) {
    var out = h.getSideOutput(tag);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private static RawRecord raw(byte[] bytes) {
    return raw(bytes, 0);
  }

  private static RawRecord raw(byte[] bytes, long offset) {
    return new RawRecord("events", 0, offset, NOW, bytes);
  }

  private static byte[] event(String id, String quantity, long time) {
    return AvroCodec.of(ActivityEvent.class)
        .encode(
            ActivityEvent.newBuilder()
                .setEventId(id)
                .setAccountId("A")
                .setMeter("api_calls")
                .setQuantity(new BigDecimal(quantity).setScale(6))
                .setEventTime(Instant.ofEpochMilli(time))
                .setAttributes(Map.of())
                .build());
  }

  private static AccountProfile profile(String id, String currency, String zone) {
    return AccountProfile.newBuilder()
        .setAccountId(id)
        .setPlan("p")
        .setSegment("s")
        .setCurrency(currency)
        .setStatus(AccountStatus.ACTIVE)
        .setTimeZone(zone)
        .setEffectiveTime(Instant.EPOCH)
        .build();
  }

  static PricingRule rule(String id, long version, String document) {
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId(id)
        .setVersion(version)
        .setEffectiveFrom(Instant.EPOCH)
        .setDocument(document)
        .setSourceName("usd.yaml")
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("t")
        .build();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No record, however it is made, fails the decoder: each one is decoded or rejected with its bytes.
 */
class InboundDecoderPoisonTest {
  static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
  final RatingConfig config = RatingConfig.defaults("unused:9092");

  @ParameterizedTest
  @EnumSource(InboundDecoder.Kind.class)
  void aSixByteRecordWithAHugeLengthIsMalformedWithItsBytesAndCoordinates(InboundDecoder.Kind kind)
      throws Exception {
    var h = harness(kind);
    byte[] poison = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x41};
    h.processElement(new RawRecord("in", 3, 42, NOW, poison), 0L);
    List<RejectedEvent> rejected = rejected(h);
    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("MALFORMED");
              assertThat(r.getPayload().array()).containsExactly(poison);
              assertThat(r.getMessage()).contains("in/3@42").contains("needs 2147483647 bytes");
            });
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(InboundDecoder.Kind.class)
  void randomAndMutatedRecordsAreEachDecodedOrRejectedNeverThrown(InboundDecoder.Kind kind)
      throws Exception {
    long seed = 9L * 1_000 + kind.ordinal();
    Random random = new Random(seed);
    byte[] valid = event("e-1", new BigDecimal("1.000000"));
    var h = harness(kind);
    int sent = 2_000;
    for (int i = 0; i < sent; i++) {
      byte[] bytes = i % 2 == 0 ? new byte[1 + random.nextInt(40)] : valid.clone();
      if (i % 2 == 0) {
        random.nextBytes(bytes);
      } else {
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 2));
      }
      h.processElement(new RawRecord("in", 0, i, NOW, bytes), 0L);
    }
    List<RejectedEvent> rejected = rejected(h);
    assertThat(h.extractOutputValues().size() + rejected.size())
        .as("seed %d", seed)
        .isEqualTo(sent);
    assertThat(rejected).allSatisfy(r -> assertThat(r.getPayload()).isNotNull());
  }

  @Test
  void aQuantityOfAMillionDigitsIsRefusedWithoutPrintingIt() throws Exception {
    var h = harness(InboundDecoder.Kind.EVENTS);
    BigDecimal huge = new BigDecimal(BigInteger.ONE.shiftLeft(3_000_000), 6);
    h.processElement(new RawRecord("in", 0, 1, NOW, event("big", huge)), 0L);
    h.processElement(new RawRecord("in", 0, 2, NOW, event("neg", huge.negate())), 0L);
    assertThat(rejected(h))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("INVALID_QUANTITY");
              assertThat(r.getMessage())
                  .containsPattern("quantity has 300000[01] significant bits")
                  .hasSizeLessThan(300);
            });
  }

  @Test
  void anAllowanceOfAbsurdUnitsAndAnEstimateOfAbsurdQuantityAreRefusedAtTheDoor() throws Exception {
    var commands = harness(InboundDecoder.Kind.COMMANDS);
    AvroCodec<BalanceCommand> codec = AvroCodec.of(BalanceCommand.class);
    for (String units : List.of("1e999999999", "lots", "600")) {
      commands.processElement(
          new RawRecord(
              "in",
              0,
              1,
              NOW,
              codec.encode(
                  BalanceCommand.newBuilder()
                      .setCommandId("c-" + units)
                      .setAccountId("A")
                      .setType(BalanceCommandType.GRANT)
                      .setGrantKind(BalanceGrantKind.ALLOWANCE)
                      .setMeter("api_calls")
                      .setUnits(units)
                      .setIssuedAt(Instant.ofEpochMilli(NOW))
                      .build())),
          0L);
    }
    assertThat(rejected(commands))
        .extracting(RejectedEvent::getMessage)
        .satisfiesExactly(
            m -> assertThat(m).contains("units 1e999999999 is out of range"),
            m -> assertThat(m).contains("units 'lots' is not a decimal number"));
    assertThat(commands.extractOutputValues()).hasSize(1);

    var estimates = harness(InboundDecoder.Kind.ESTIMATES);
    var out = new java.io.ByteArrayOutputStream();
    var e = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
    e.writeString("r-1");
    e.writeString("A");
    e.writeString("api_calls");
    e.writeBytes(BigInteger.ONE.shiftLeft(100_000).toByteArray());
    e.writeMapStart();
    e.writeMapEnd();
    e.writeIndex(0);
    e.writeLong(NOW);
    e.flush();
    estimates.processElement(new RawRecord("in", 0, 1, NOW, out.toByteArray()), 0L);
    assertThat(rejected(estimates))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("INVALID_QUANTITY");
              assertThat(r.getMessage())
                  .contains("quantity has 100001 significant bits")
                  .contains("estimate request r-1");
            });
  }

  private OneInputStreamOperatorTestHarness<RawRecord, io.rateflow.avro.Inbound> harness(
      InboundDecoder.Kind kind) throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new InboundDecoder(kind, config));
    h.setProcessingTime(NOW);
    return h;
  }

  private static List<RejectedEvent> rejected(OneInputStreamOperatorTestHarness<?, ?> h) {
    var out = h.getSideOutput(RatingPipeline.REJECTED);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  /**
   * Written field by field: the codec refuses to encode a decimal beyond its precision, a producer
   * may not.
   */
  private static byte[] event(String id, BigDecimal quantity) throws java.io.IOException {
    if (quantity.unscaledValue().bitLength() < 64) {
      return AvroCodec.of(ActivityEvent.class)
          .encode(
              ActivityEvent.newBuilder()
                  .setEventId(id)
                  .setAccountId("A")
                  .setMeter("api_calls")
                  .setQuantity(quantity)
                  .setEventTime(Instant.ofEpochMilli(NOW))
                  .setAttributes(Map.of("region", "eu"))
                  .build());
    }
    var out = new java.io.ByteArrayOutputStream();
    var e = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
    e.writeString(id);
    e.writeString("A");
    e.writeString("api_calls");
    e.writeBytes(quantity.unscaledValue().toByteArray());
    e.writeLong(NOW);
    e.writeMapStart();
    e.writeMapEnd();
    e.writeIndex(0);
    e.writeIndex(0);
    e.writeString("");
    e.flush();
    return out.toByteArray();
  }
}

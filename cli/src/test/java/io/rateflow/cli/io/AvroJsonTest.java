package io.rateflow.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.AllowanceView;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.GrantView;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.schema.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tail}'s JSON of records that have no {@code rate} shape: every field, nothing rounded. */
class AvroJsonTest {
  @Test
  void aBalanceViewIsPrintedFieldByFieldWithExactValues() throws Exception {
    BalanceView v =
        BalanceView.newBuilder()
            .setAccountId("A")
            .setCurrency("USD")
            .setCurrencyDigits(2)
            .setAsOf(Instant.parse("2026-12-01T10:15:30.123Z"))
            .setPrepaidMinor(1_000_000_000_000_000_001L)
            .setPromotionalMinor(0)
            .setOverdraftMinor(-5)
            .setCreditLimitMinor(0)
            .setGrants(
                List.of(
                    GrantView.newBuilder()
                        .setGrantId("g1")
                        .setKind("PREPAID")
                        .setRemainingMinor(250)
                        .setPriority(10)
                        .setExpiry(null)
                        .build()))
            .setAllowances(
                List.of(
                    AllowanceView.newBuilder()
                        .setMeter("api_calls")
                        .setLimit("1000.000001")
                        .setUsed("0")
                        .setPeriodStart(Instant.parse("2026-12-01T00:00:00Z"))
                        .build()))
            .build();
    // through the topic's bytes, as tail reads it
    byte[] bytes = AvroCodec.of(BalanceView.class).encode(v);

    assertThat(OutputKind.named("balances").line(bytes))
        .isEqualTo(
            "{\"account_id\":\"A\",\"currency\":\"USD\","
                + "\"currency_digits\":2,\"as_of\":\"2026-12-01T10:15:30.123Z\",\"prepaid_minor\":1000000000000000001,"
                + "\"promotional_minor\":0,\"overdraft_minor\":-5,\"credit_limit_minor\":0,"
                + "\"grants\":[{\"grant_id\":\"g1\",\"kind\":\"PREPAID\",\"remaining_minor\":250,\"priority\":10,\"expiry\":null}],"
                + "\"allowances\":[{\"meter\":\"api_calls\",\"limit\":\"1000.000001\",\"used\":\"0\",\"period_start\":\"2026-12-01T00:00:00Z\"}]}");
  }

  @Test
  void aRejectedRecordsPayloadIsTextWhenPrintableAndOtherwiseItsExactBytesInBase64()
      throws Exception {
    byte[] avro = {(byte) 0xC3, 0x01, 0x00, 0x7F, (byte) 0xFF, 0x02};
    byte[] json =
        "{\"specversion\":\"1.0\",\n\"id\":\"x\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte[] payload : List.of(avro, json)) {
      io.rateflow.avro.RejectedEvent r =
          io.rateflow.avro.RejectedEvent.newBuilder()
              .setReasonCode("MALFORMED")
              .setMessage("m")
              .setEventId(null)
              .setAccountId(null)
              .setSourceTopic("activity-events")
              .setSourcePartition(0)
              .setSourceOffset(7)
              .setPayload(java.nio.ByteBuffer.wrap(payload))
              .setRejectedAt(Instant.EPOCH)
              .build();
      com.fasterxml.jackson.databind.JsonNode n =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(
                  OutputKind.named("rejected-events")
                      .line(AvroCodec.of(io.rateflow.avro.RejectedEvent.class).encode(r)));
      byte[] back =
          n.has("payload")
              ? n.get("payload").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
              : java.util.Base64.getDecoder().decode(n.get("payload_base64").asText());
      assertThat(back).isEqualTo(payload);
      assertThat(n.has("payload")).isEqualTo(payload == json);
    }
  }

  @Test
  void decimalsAreExactStrings() {
    io.rateflow.avro.EstimateRequest r =
        io.rateflow.avro.EstimateRequest.newBuilder()
            .setRequestId("r")
            .setAccountId("A")
            .setMeter("m")
            .setQuantity(new java.math.BigDecimal("123456789012345678.000001"))
            .setAttributes(java.util.Map.of("b", "2", "a", "1"))
            .setValue(null)
            .setRequestedAt(Instant.EPOCH)
            .build();

    assertThat(AvroJson.line(r))
        .isEqualTo(
            "{\"request_id\":\"r\",\"account_id\":\"A\",\"meter\":\"m\","
                + "\"quantity\":\"123456789012345678.000001\",\"attributes\":{\"a\":\"1\",\"b\":\"2\"},\"value\":null,"
                + "\"requested_at\":\"1970-01-01T00:00:00Z\"}");
  }

  @Test
  void triggersAndUnknownTopicsByName() throws Exception {
    PromotionTriggerRecord t =
        PromotionTriggerRecord.newBuilder()
            .setTriggerId("t1")
            .setAccountId("A")
            .setKind("EXHAUSTED")
            .setConditionKey("exhausted")
            .setPeriod("2026-12")
            .setDetail("")
            .setAt(Instant.EPOCH)
            .build();

    assertThat(
            OutputKind.named("TRIGGERS").line(AvroCodec.of(PromotionTriggerRecord.class).encode(t)))
        .startsWith("{\"trigger_id\":\"t1\",\"account_id\":\"A\",\"kind\":\"EXHAUSTED\"");
    assertThatThrownBy(() -> OutputKind.named("movements"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'movements' is not a topic tail prints; choose one of charges, rejected-events, triggers, balances, erp-gl-export, "
                + "erp-gl-detail, erp-gl-corrections");
  }
}

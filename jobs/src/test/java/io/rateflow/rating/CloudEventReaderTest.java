package io.rateflow.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rateflow.avro.ActivityEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CloudEvents 1.0 structured-mode JSON → ActivityEvent: the agreed mapping, every refusal and its
 * reason.
 */
class CloudEventReaderTest {
  private final CloudEventReader reader = new CloudEventReader();

  /** A valid event with one member replaced ({@code "name": json}) or, with json null, removed. */
  static String event(String name, String json) {
    Map<String, String> members = new java.util.LinkedHashMap<>();
    members.put("specversion", "\"1.0\"");
    members.put("id", "\"e-1\"");
    members.put("source", "\"/gateway/eu-1\"");
    members.put("type", "\"io.rateflow.usage\"");
    members.put("subject", "\"A-1\"");
    members.put("time", "\"2026-12-01T10:15:30.250Z\"");
    members.put("datacontenttype", "\"application/json\"");
    members.put(
        "data",
        "{\"meter\":\"api_calls\",\"quantity\":\"12.5\",\"attributes\":{\"region\":\"eu\"}}");
    if (name != null) {
      if (json == null) {
        members.remove(name);
      } else {
        members.put(name, json);
      }
    }
    StringBuilder b = new StringBuilder("{");
    members.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return b.append('}').toString();
  }

  static String data(String members) {
    return event("data", "{" + members + "}");
  }

  private ActivityEvent read(String json) throws CloudEventRejection {
    return reader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private CloudEventRejection refused(String json) {
    CloudEventRejection r = catchThrowableOfType(CloudEventRejection.class, () -> read(json));
    assertThat(r)
        .as("refused: %s", json.length() > 300 ? json.substring(0, 300) : json)
        .isNotNull();
    return r;
  }

  @Test
  void mapsEveryAttributeOfAValidEvent() throws Exception {
    ActivityEvent e =
        read(
            data(
                "\"meter\":\"gpu_seconds\",\"quantity\":\"12.5\",\"attributes\":{\"region\":\"eu\",\"model\":\"x\"},"
                    + "\"value\":\"3.25\",\"unit_price\":0.000125"));
    assertThat(e.getEventId()).isEqualTo("e-1");
    assertThat(e.getAccountId()).isEqualTo("A-1");
    assertThat(e.getSource()).isEqualTo("/gateway/eu-1");
    assertThat(e.getMeter()).isEqualTo("gpu_seconds");
    assertThat(e.getQuantity()).isEqualTo(new BigDecimal("12.500000"));
    assertThat(e.getValue()).isEqualTo(new BigDecimal("3.250000"));
    assertThat(e.getUnitPrice()).isEqualTo(new BigDecimal("0.000125"));
    assertThat(e.getEventTime()).isEqualTo(Instant.parse("2026-12-01T10:15:30.250Z"));
    assertThat(e.getAttributes())
        .containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu", "model", "x"));
  }

  @Test
  void optionalPartsMayBeAbsent() throws Exception {
    ActivityEvent e =
        read(event("datacontenttype", null).replace(",\"attributes\":{\"region\":\"eu\"}", ""));
    assertThat(e.getAttributes()).isEmpty();
    assertThat(e.getValue()).isNull();
    assertThat(e.getUnitPrice()).isNull();
    // charset parameters and case are allowed on application/json
    assertThat(read(event("datacontenttype", "\"Application/JSON; charset=utf-8\"")).getMeter())
        .isEqualTo("api_calls");
  }

  @Test
  void unknownExtensionsAndUnknownDataMembersAreIgnored() throws Exception {
    String json =
        event("traceparent", "\"00-abc-def-01\"")
            .replace(
                "{\"specversion\"",
                "{\"my_ext\":{\"deep\":[1,2]},\"partitionkey\":7,\"Bad-Name\":true,\"specversion\"")
            .replace("\"quantity\":\"12.5\"", "\"quantity\":\"12.5\",\"unit\":\"calls\"");
    assertThat(read(json).getQuantity()).isEqualTo(new BigDecimal("12.500000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"  \n\t{", "{", "\r\n {\"x\":1}"})
  void aRecordWhoseFirstNonBlankByteIsABraceIsJson(String start) {
    assertThat(CloudEventReader.isJson(start.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void anythingElseIsAvro() {
    assertThat(CloudEventReader.isJson(new byte[0])).isFalse();
    assertThat(CloudEventReader.isJson(null)).isFalse();
    assertThat(CloudEventReader.isJson("   ".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(CloudEventReader.isJson(new byte[] {0x06, 'e', '-', '1', '{'})).isFalse();
    assertThat(CloudEventReader.isJson(new byte[] {(byte) 0xC3, 0x01, '{'}))
        .isFalse(); // Avro single-object header
    assertThat(CloudEventReader.isJson("[{}]".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "specversion, no specversion",
    "id, no id",
    "source, no source",
    "type, no type",
    "subject, no subject: the subject carries the account id",
    "time, no time: the time of the usage, RFC 3339",
    "data, no data: data must be a JSON object"
  })
  void eachRequiredAttributeMissingIsMalformed(String attribute, String message) {
    CloudEventRejection r = refused(event(attribute, null));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage()).startsWith(message);
  }

  @Test
  void theIdsAreKeptForTheDeadLetterOnceKnown() {
    CloudEventRejection r = refused(event("time", null));
    assertThat(r.eventId()).isEqualTo("e-1");
    assertThat(r.accountId()).isEqualTo("A-1");
    assertThat(refused(event("source", "\"a b\"")).eventId()).isEqualTo("e-1");
    assertThat(refused("not json").eventId()).isNull();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "specversion | \"0.3\"                   | specversion \"0.3\" is not \"1.0\"; only CloudEvents 1.0 is read",
        "specversion | 1.0                       | specversion is a number; it must be the string \"1.0\"",
        "datacontenttype | 7                     | datacontenttype is a number, not application/json",
        "id          | 42                        | Wrong type NUMBER for attribute id",
        "source      | \"a b\"                   | source a b is not a URI-reference",
        "source      | \"\"                      | source is empty",
        "type        | \"\"                      | type is empty",
        "subject     | [\"A-1\"]                 | Wrong type ARRAY for attribute subject",
        "time        | \"2026-12-01T10:15:30\"   | time 2026-12-01T10:15:30 is not an RFC 3339 timestamp with an offset",
        "time        | \"2026-12-01\"            | time 2026-12-01 is not an RFC 3339 timestamp",
        "time        | \"yesterday\"             | time yesterday is not an RFC 3339",
        "datacontenttype | \"text/plain\"        | datacontenttype 'text/plain' is not application/json",
        "datacontenttype | \"application/xml\"   | datacontenttype 'application/xml' is not application/json",
        "data        | \"api_calls 12\"          | data must be a JSON object",
        "data        | [1]                       | data must be a JSON object",
        "data        | {\"quantity\":\"1\"}      | data has no meter (event e-1)",
        "data        | {\"meter\":7,\"quantity\":\"1\"} | data.meter is a number; it must be a string",
        "data        | {\"meter\":\"m\"}         | data has no quantity (event e-1)",
        "data        | {\"meter\":\"m\",\"quantity\":\"1\",\"attributes\":[\"eu\"]} | data.attributes is an array",
        "data        | {\"meter\":\"m\",\"quantity\":\"1\",\"attributes\":{\"gpus\":2}} | data.attributes.gpus is a number; attribute values must be strings"
      })
  void aBadAttributeIsMalformedWithWhatAndWhere(String attribute, String json, String message) {
    CloudEventRejection r = refused(event(attribute, json));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage()).contains(message);
  }

  @Test
  void dataBase64IsRefused() {
    CloudEventRejection r = refused(event("data", null).replace("}", ",\"data_base64\":\"AAAA\"}"));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage()).contains("not data_base64");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "\"12.5\", 12.500000",
    "12.5, 12.500000",
    "\"0.000001\", 0.000001",
    "0.000001, 0.000001",
    "\"1.2000000000\", 1.200000", // trailing zeros round nothing
    "1e3, 1000.000000",
    "\"999999999999999999.999999\", 999999999999999999.999999",
    "123456789012345678.123456, 123456789012345678.123456", // beyond a double's 15-17 digits: exact
    "0, 0.000000"
  })
  void decimalsAreReadExactlyAsStringsOrNumbers(String quantity, String expected) throws Exception {
    assertThat(read(data("\"meter\":\"m\",\"quantity\":" + quantity)).getQuantity())
        .isEqualTo(new BigDecimal(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"1.0000001\"               | has more than 6 decimals, which the schema keeps; round it at the source",
        "0.0000005                   | has more than 6 decimals",
        "1e-7                        | has more than 6 decimals",
        "\"1234567890123456789\"     | has more than 18 integer digits",
        "1e999999999                 | has more than 18 integer digits",
        "\"1e999999999\"             | has more than 18 integer digits",
        "\"twelve\"                  | quantity 'twelve' is not a decimal number",
        "\"\"                        | quantity '' is not a decimal number",
        "true                        | quantity is a boolean; expected a decimal number",
        "{\"amount\":1}              | quantity is an object"
      })
  void aQuantityTheSchemaCannotHoldExactlyIsInvalidQuantity(String quantity, String message) {
    CloudEventRejection r = refused(data("\"meter\":\"m\",\"quantity\":" + quantity));
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_QUANTITY);
    assertThat(r.getMessage()).contains(message).contains("(event e-1)");
    assertThat(r.eventId()).isEqualTo("e-1");
  }

  @Test
  void valueAndUnitPriceAreCheckedLikeTheQuantity() {
    assertThat(refused(data("\"meter\":\"m\",\"quantity\":1,\"value\":\"0.1234567\"")).getMessage())
        .startsWith("value 0.1234567 has more than 6 decimals");
    assertThat(refused(data("\"meter\":\"m\",\"quantity\":1,\"unit_price\":\"x\"")).reason())
        .isEqualTo(RejectReason.INVALID_QUANTITY);
  }

  @Test
  void aNegativeQuantityIsLeftToTheSharedCheckWhichPassesItToRatingAsForAvro() throws Exception {
    ActivityEvent e = read(data("\"meter\":\"m\",\"quantity\":\"-1\""));
    assertThat(e.getQuantity()).isEqualTo(new BigDecimal("-1.000000"));
    EventCheck check = new EventCheck(java.time.Duration.ofHours(1), new BigDecimal("1000000000"));
    // a recurring meter's removal; rating refuses it for other meters (INVALID_QUANTITY)
    assertThat(
            check.check(
                e.getEventId(),
                e.getAccountId(),
                e.getMeter(),
                e.getQuantity(),
                e.getEventTime(),
                Instant.now()))
        .isEmpty();
    assertThat(
            check.check(
                e.getEventId(),
                e.getAccountId(),
                e.getMeter(),
                new BigDecimal("-1000000000.5"),
                e.getEventTime(),
                Instant.now()))
        .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo(RejectReason.INVALID_QUANTITY));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-12-01T12:15:30.250+02:00, 2026-12-01T10:15:30.250Z",
    "2026-12-01T05:15:30.25-05:00, 2026-12-01T10:15:30.250Z",
    "2026-12-01T10:15:30Z, 2026-12-01T10:15:30Z",
    "2026-12-01t10:15:30z, 2026-12-01T10:15:30Z", // RFC 3339 allows lower case
    "2026-12-01T15:45:30.250+05:30, 2026-12-01T10:15:30.250Z",
    "2026-12-01T10:15:30.250999999Z, 2026-12-01T10:15:30.250Z", // the schema keeps milliseconds
    "2026-12-01T10:15:30.250+00:00, 2026-12-01T10:15:30.250Z"
  })
  void timesWithAnyOffsetAreTheSameInstant(String time, String instant) throws Exception {
    assertThat(read(event("time", "\"" + time + "\"")).getEventTime())
        .isEqualTo(Instant.parse(instant));
  }

  @Test
  void notJsonIsMalformedWithWhere() {
    for (String bad :
        new String[] {
          "{", "{\"specversion\":\"1.0\",}", "{} {}", "{\"a\":1,\"a\":2}", "[]", "\"x\""
        }) {
      assertThat(refused(bad).reason()).as(bad).isEqualTo(RejectReason.MALFORMED);
    }
    assertThat(refused("{\"a\":1,\"a\":2}").getMessage()).isEqualTo("duplicate key 'a'");
    assertThat(refused("{} {}").getMessage()).startsWith("text after the JSON object");
    assertThat(refused("{\"specversion\":\"1.0\",}").getMessage())
        .startsWith("not valid JSON (byte ");
    assertThat(
            refused(
                    event("id", "\"e-1\"")
                        .replace("\"id\":\"e-1\"", "\"id\":\"e-1\",\"id\":\"e-2\""))
                .getMessage())
        .isEqualTo("duplicate key 'id'");
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] bytes = event(null, null).replace("A-1", "A-?").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '?') {
        bytes[i] = (byte) 0xC3; // a lead byte without its continuation
      }
    }
    CloudEventRejection r =
        catchThrowableOfType(CloudEventRejection.class, () -> reader.read(bytes));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage()).contains("UTF-8");
  }

  @Test
  void deepNestingIsRefusedBeforeAnyTreeIsBuilt() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    long start = System.nanoTime();
    CloudEventRejection r = refused(event("myext", deep));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage()).contains("too large or too deeply nested").contains("nesting depth");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void aHugeRecordIsRefusedBySizeAndAHugeNumberByLength() {
    byte[] big =
        ("{\"specversion\":\"1.0\",\"pad\":\"" + "x".repeat(CloudEventReader.MAX_BYTES) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    CloudEventRejection r = catchThrowableOfType(CloudEventRejection.class, () -> reader.read(big));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.getMessage())
        .contains(big.length + " bytes, more than the " + CloudEventReader.MAX_BYTES);

    String longNumber = "1" + "0".repeat(100_000);
    CloudEventRejection n = refused(data("\"meter\":\"m\",\"quantity\":" + longNumber));
    assertThat(n.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(n.getMessage()).contains("too large").hasSizeLessThan(400);
  }

  @Test
  void messagesNeverCarryControlCharactersOfTheIds() {
    CloudEventRejection r =
        refused(
            event("id", "\"e\\u001b[31m\"").replace("\"quantity\":\"12.5\"", "\"quantity\":\"x\""));
    assertThat(r.getMessage()).doesNotContain("\u001b").contains("\\u001B");
  }

  @Test
  void theWriterWritesWhatTheReaderReads() throws Exception {
    ActivityEvent e =
        read(
            data(
                "\"meter\":\"m\",\"quantity\":\"0.5\",\"attributes\":{\"b\":\"2\",\"a\":\"1\"},\"value\":\"7\""));
    String json = CloudEventWriter.toJsonLine(e);
    assertThat(json)
        .contains(
            "\"specversion\":\"1.0\"",
            "\"type\":\"io.rateflow.usage\"",
            "\"subject\":\"A-1\"",
            "\"quantity\":\"0.5\"",
            "\"attributes\":{\"a\":\"1\",\"b\":\"2\"}",
            "\"time\":\"2026-12-01T10:15:30.25Z\"");
    assertThat(read(json)).isEqualTo(e);
  }
}

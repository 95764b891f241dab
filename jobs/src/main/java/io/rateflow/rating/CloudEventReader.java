package io.rateflow.rating;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.rateflow.avro.ActivityEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one CloudEvents 1.0 structured-mode JSON record (the events topic's second format, beside
 * Avro) into the {@link ActivityEvent} an Avro producer would have sent: {@code id} → event_id,
 * {@code source} → source, {@code subject} → account_id, {@code time} → event_time, {@code data} →
 * meter, quantity, attributes, value and unit_price. The envelope is parsed by the CloudEvents SDK;
 * the bounds, the {@code data} mapping and the messages are Rateflow's. Pure Java, thread-safe.
 *
 * <p>Bounded like the Avro path: a record is at most {@link #MAX_BYTES}, nesting, numbers and
 * strings are capped before anything is built, and nothing here ever goes through a double.
 */
public final class CloudEventReader {
  /** Kafka's default largest record: a larger one cannot have come off a default topic anyway. */
  public static final int MAX_BYTES = 1024 * 1024;

  /**
   * An event needs 3 levels (envelope, data, attributes); the margin is for extensions we ignore.
   */
  static final int MAX_DEPTH = 16;

  /**
   * Characters of a JSON number or a decimal string: decimal(24, 6) needs 26, exponents a few more.
   */
  static final int MAX_NUMBER_CHARS = 64;

  /** decimal(24, 6) of the schema: 18 integer digits and 6 decimals. */
  static final int MAX_INTEGER_DIGITS = 18;

  static final int SCALE = 6;

  /**
   * The context attributes the SDK parses; every other top-level member is an extension, ignored
   * (the SDK would refuse names outside [a-z0-9]). datacontenttype is checked here and not passed:
   * the SDK compares it case-sensitively, and without it the SDK takes data as JSON.
   */
  private static final Set<String> CONTEXT_ATTRIBUTES =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "dataschema",
          "data",
          "data_base64");

  /** Decimals as BigDecimal, one object per record, no duplicate keys: nothing is read two ways. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .registerModule(JsonFormat.getCloudEventJacksonModule());

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxStringLength(MAX_BYTES)
                .maxDocumentLength(MAX_BYTES)
                .build());
  }

  /**
   * Whether a record is CloudEvents JSON rather than Avro: its first byte that is not JSON
   * whitespace is '{' (the agreed rule; no Avro record of the events topic starts with it).
   */
  public static boolean isJson(byte[] bytes) {
    if (bytes == null) {
      return false;
    }
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return false;
  }

  /**
   * The event the record carries.
   *
   * @throws CloudEventRejection with {@link RejectReason#MALFORMED} when the record is not a
   *     CloudEvent of the agreed shape, {@link RejectReason#INVALID_QUANTITY} when a decimal is not
   *     one the schema can hold exactly. The account-independent checks ({@link EventCheck}) are
   *     the caller's, as for Avro.
   */
  public ActivityEvent read(byte[] bytes) throws CloudEventRejection {
    if (bytes == null || bytes.length == 0) {
      throw malformed("empty payload", null, null);
    }
    if (bytes.length > MAX_BYTES) {
      throw malformed(
          bytes.length
              + " bytes, more than the "
              + MAX_BYTES
              + " a record may have; "
              + "send one usage per event",
          null,
          null);
    }
    JsonNode tree = parse(bytes);
    ObjectNode envelope = envelope(tree);
    CloudEvent ce;
    try {
      ce = JSON.treeToValue(envelope, CloudEvent.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw malformed(sdkReason(e), text(tree, "id"), text(tree, "subject"));
    }
    String eventId = ce.getId();
    String accountId = ce.getSubject();
    if (ce.getType().isEmpty()) {
      throw malformed("type is empty; use e.g. io.rateflow.usage", eventId, accountId);
    }
    if (ce.getSource().toString().isEmpty()) {
      throw malformed(
          "source is empty; name the producing system, e.g. /gateway/eu-1", eventId, accountId);
    }
    if (accountId == null) {
      throw malformed("no subject: the subject carries the account id", eventId, null);
    }
    if (ce.getTime() == null) {
      throw malformed(
          "no time: the time of the usage, RFC 3339 with an offset (e.g. 2026-12-01T10:00:00Z)",
          eventId,
          accountId);
    }
    if (!(ce.getData() instanceof JsonCloudEventData json) || !json.getNode().isObject()) {
      throw malformed(
          ce.getData() == null
              ? "no data: data must be a JSON object with meter and quantity"
              : "data must be a JSON object with meter and quantity (not data_base64, a string or an array)",
          eventId,
          accountId);
    }
    JsonNode data = json.getNode();
    return ActivityEvent.newBuilder()
        .setEventId(eventId)
        .setAccountId(accountId)
        .setMeter(meter(data, eventId, accountId))
        .setQuantity(decimal(data, "quantity", true, eventId, accountId))
        // the schema keeps milliseconds: finer digits are cut, as the Avro encoding would cut them
        .setEventTime(ce.getTime().toInstant().truncatedTo(ChronoUnit.MILLIS))
        .setAttributes(attributes(data, eventId, accountId))
        .setValue(decimal(data, "value", false, eventId, accountId))
        .setUnitPrice(decimal(data, "unit_price", false, eventId, accountId))
        .setSource(ce.getSource().toString())
        .build();
  }

  private static JsonNode parse(byte[] bytes) throws CloudEventRejection {
    try {
      return JSON.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw malformed("too large or too deeply nested: " + e.getOriginalMessage(), null, null);
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Duplicate field")) {
        throw malformed("duplicate key " + m.substring("Duplicate field ".length()), null, null);
      }
      if (m != null && m.startsWith("Trailing token")) {
        throw malformed("text after the JSON object (one CloudEvent per record)", null, null);
      }
      String at = e.getLocation() == null ? "" : " (byte " + e.getLocation().getByteOffset() + ")";
      throw malformed("not valid JSON" + at + ": " + abbreviate(m), null, null);
    } catch (java.io.IOException | RuntimeException e) {
      throw malformed(
          "not valid JSON: " + e.getClass().getSimpleName() + ": " + abbreviate(e.getMessage()),
          null,
          null);
    }
  }

  /**
   * The envelope with only the context attributes: extensions are ignored, whatever their names or
   * values.
   */
  private static ObjectNode envelope(JsonNode tree) throws CloudEventRejection {
    if (tree == null || !tree.isObject()) {
      throw malformed("not a JSON object", null, null);
    }
    JsonNode version = tree.get("specversion");
    if (version == null) {
      throw malformed(
          "no specversion; a CloudEvent says \"specversion\": \"1.0\"",
          text(tree, "id"),
          text(tree, "subject"));
    }
    if (!version.isTextual()) {
      throw malformed(
          "specversion is " + kind(version) + "; it must be the string \"1.0\"",
          text(tree, "id"),
          text(tree, "subject"));
    }
    if (!"1.0".equals(version.textValue())) {
      throw malformed(
          "specversion "
              + abbreviate(version.toString())
              + " is not \"1.0\"; only CloudEvents 1.0 is read",
          text(tree, "id"),
          text(tree, "subject"));
    }
    JsonNode contentType = tree.get("datacontenttype");
    if (contentType != null
        && !(contentType.isTextual() && isJsonContentType(contentType.textValue()))) {
      throw malformed(
          "datacontenttype "
              + (contentType.isTextual()
                  ? "'" + abbreviate(contentType.textValue()) + "' is"
                  : "is " + kind(contentType) + ",")
              + " not application/json; data must be a JSON object",
          text(tree, "id"),
          text(tree, "subject"));
    }
    ObjectNode envelope = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (CONTEXT_ATTRIBUTES.contains(member.getKey())) {
        envelope.set(member.getKey(), member.getValue());
      }
    }
    return envelope;
  }

  private static String meter(JsonNode data, String eventId, String accountId)
      throws CloudEventRejection {
    JsonNode meter = data.get("meter");
    if (meter == null || meter.isNull()) {
      throw malformed("data has no meter (event " + printable(eventId) + ")", eventId, accountId);
    }
    if (!meter.isTextual()) {
      throw malformed(
          "data.meter is "
              + kind(meter)
              + "; it must be a string (event "
              + printable(eventId)
              + ")",
          eventId,
          accountId);
    }
    return meter.textValue();
  }

  private static Map<String, String> attributes(JsonNode data, String eventId, String accountId)
      throws CloudEventRejection {
    JsonNode attrs = data.get("attributes");
    Map<String, String> out = new HashMap<>();
    if (attrs == null || attrs.isNull()) {
      return out;
    }
    if (!attrs.isObject()) {
      throw malformed(
          "data.attributes is "
              + kind(attrs)
              + "; it must be an object of strings (event "
              + printable(eventId)
              + ")",
          eventId,
          accountId);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      if (!a.getValue().isTextual()) {
        // a number's text is not unique (2, 2.0, 2e0): pricing matches dimensions as text, so the
        // producer says which
        throw malformed(
            "data.attributes."
                + abbreviate(a.getKey())
                + " is "
                + kind(a.getValue())
                + "; attribute values must be strings, e.g. \"2\" (event "
                + printable(eventId)
                + ")",
            eventId,
            accountId);
      }
      out.put(a.getKey(), a.getValue().textValue());
    }
    return out;
  }

  /**
   * A decimal of {@code data} as the schema's decimal(24, 6): a string or a JSON number, read
   * exactly; more than 6 decimals is refused, never rounded.
   */
  private static BigDecimal decimal(
      JsonNode data, String field, boolean required, String eventId, String accountId)
      throws CloudEventRejection {
    JsonNode v = data.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw malformed(
            "data has no " + field + " (event " + printable(eventId) + ")", eventId, accountId);
      }
      return null;
    }
    BigDecimal d;
    if (v.isNumber()) {
      d = v.decimalValue();
    } else if (v.isTextual() && v.textValue().length() <= MAX_NUMBER_CHARS) {
      try {
        d = new BigDecimal(v.textValue().trim());
      } catch (NumberFormatException e) {
        throw invalidQuantity(
            field
                + " '"
                + v.textValue()
                + "' is not a decimal number such as \"12.5\" (event "
                + printable(eventId)
                + ")",
            eventId,
            accountId);
      }
    } else {
      throw invalidQuantity(
          field
              + " is "
              + kind(v)
              + "; expected a decimal number as a string (\"12.5\") or a JSON number (event "
              + printable(eventId)
              + ")",
          eventId,
          accountId);
    }
    // precision() and scale() are cheap; scaling "1e999999999" is not
    if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
      throw invalidQuantity(
          field
              + " "
              + abbreviate(v.asText())
              + " has more than "
              + MAX_INTEGER_DIGITS
              + " integer digits, more than the schema's decimal(24, 6) holds (event "
              + printable(eventId)
              + ")",
          eventId,
          accountId);
    }
    if (d.scale() > SCALE && d.stripTrailingZeros().scale() > SCALE) {
      throw invalidQuantity(
          field
              + " "
              + abbreviate(v.asText())
              + " has more than "
              + SCALE
              + " decimals, which the schema keeps; round it at the source (event "
              + printable(eventId)
              + ")",
          eventId,
          accountId);
    }
    return d.setScale(SCALE, RoundingMode.UNNECESSARY);
  }

  /** application/json, with or without parameters such as charset. */
  static boolean isJsonContentType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return media.toLowerCase(Locale.ROOT).equals("application/json");
  }

  /** The SDK's reason without Jackson's location suffix, which names no byte of the record. */
  private static String sdkReason(Exception e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    if (m.startsWith("Invalid attribute/extension value for \"time\"")) {
      return "time "
          + abbreviate(m.substring(m.indexOf(':') + 1).trim())
          + " is not an RFC 3339 timestamp with an offset (e.g. 2026-12-01T10:00:00Z)";
    }
    if (m.startsWith("Invalid attribute/extension value for \"source\"")) {
      return "source "
          + abbreviate(m.substring(m.indexOf(':') + 1).trim())
          + " is not a URI-reference (e.g. /gateway/eu-1)";
    }
    if (m.startsWith("Missing mandatory ")) {
      return "no "
          + m.substring("Missing mandatory ".length()).replace(" attribute", "")
          + "; a CloudEvent needs "
          + "specversion, id, source and type";
    }
    return abbreviate(m);
  }

  private static String text(JsonNode tree, String field) {
    JsonNode v = tree == null ? null : tree.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static String printable(String id) {
    return id == null ? "without id" : EventCheck.printable(id);
  }

  private static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static CloudEventRejection malformed(String why, String eventId, String accountId) {
    return new CloudEventRejection(RejectReason.MALFORMED, why, eventId, accountId);
  }

  private static CloudEventRejection invalidQuantity(String why, String eventId, String accountId) {
    return new CloudEventRejection(RejectReason.INVALID_QUANTITY, why, eventId, accountId);
  }
}

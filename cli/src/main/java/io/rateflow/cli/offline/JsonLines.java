package io.rateflow.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.Charge;
import io.rateflow.avro.ChargeComponent;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.RejectedEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON Lines formats of {@code rate} and {@code simulate} (documented in the README). Decimals
 * are strings or JSON numbers read exactly, never through a double.
 */
public final class JsonLines {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // {"quantity":"1","quantity":"1000"} is ambiguous and "{...} {...}" or "{...} junk" is
          // not one
          // object: refuse both instead of silently keeping one reading
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * Decimals whose exponent puts them this far from the 6 fractional digits the schema keeps are
   * refused before any scaling: {@code 1e80000000} would otherwise take a minute and gigabytes.
   */
  static final int MAX_INTEGER_DIGITS = 30;

  static final int MAX_SCALE = 100;

  private JsonLines() {}

  /** One line as a JSON object, or an exception whose message is the reason, short and readable. */
  public static JsonNode object(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      String m = e.getOriginalMessage();
      throw new IllegalArgumentException(
          m != null && m.startsWith("Trailing token")
              ? "text after the JSON object (one object per line)"
              : "not a JSON object: " + m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String m = e.getOriginalMessage();
      throw new IllegalArgumentException(
          m != null && m.startsWith("Duplicate field")
              ? "duplicate key " + m.substring("Duplicate field ".length())
              : "not valid JSON: " + m);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object (one object per line)");
    }
    return n;
  }

  public static AccountProfile account(String line) throws Exception {
    JsonNode n = object(line);
    return AccountProfile.newBuilder()
        .setAccountId(text(n, "account_id", true))
        .setPlan(text(n, "plan", false, ""))
        .setSegment(text(n, "segment", false, ""))
        .setCurrency(text(n, "currency", true))
        .setStatus(symbol(AccountStatus.class, "status", text(n, "status", false, "ACTIVE")))
        .setTimeZone(text(n, "time_zone", false, "UTC"))
        .setGlCustomerCode(text(n, "gl_customer_code", false, ""))
        .setLegalEntity(text(n, "legal_entity", false, ""))
        .setRegion(text(n, "region", false, ""))
        .setPrepaidOnly(bool(n, "prepaid_only"))
        .setCreditLimitMinor(integer(n, "credit_limit_minor", 0L))
        .setEffectiveTime(Instant.parse(text(n, "effective_time", false, "1970-01-01T00:00:00Z")))
        .build();
  }

  /**
   * Whether an events line is a CloudEvent (it has {@code specversion}) rather than the plain
   * shape.
   */
  public static boolean isCloudEvent(String line) {
    return object(line).has("specversion");
  }

  public static ActivityEvent event(String line) throws Exception {
    JsonNode n = object(line);
    if (n.has("specversion")) {
      // a CloudEvent, as the events topic takes it: the job's reader, so a file moves to the topic
      // unchanged
      try {
        return new io.rateflow.rating.CloudEventReader()
            .read(line.getBytes(StandardCharsets.UTF_8));
      } catch (io.rateflow.rating.CloudEventRejection r) {
        throw new IllegalArgumentException("not a valid CloudEvent: " + r.getMessage());
      }
    }
    Map<String, String> attributes = new HashMap<>();
    JsonNode attrs = n.get("attributes");
    if (attrs != null && attrs.isObject()) {
      attrs.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    }
    return ActivityEvent.newBuilder()
        .setEventId(text(n, "event_id", true))
        .setAccountId(text(n, "account_id", true))
        .setMeter(text(n, "meter", true))
        .setQuantity(decimal(n, "quantity", true))
        .setEventTime(Instant.parse(text(n, "event_time", true)))
        .setAttributes(attributes)
        .setValue(decimal(n, "value", false))
        .setUnitPrice(decimal(n, "unit_price", false))
        .setSource(text(n, "source", false, "file"))
        .build();
  }

  /**
   * A balance command (docs/json-lines.md): the Avro record's fields by name; {@code issued_at}
   * defaults to {@code now}, the time of sending.
   */
  public static BalanceCommand balanceCommand(String line, Instant now) {
    JsonNode n = object(line);
    String type = text(n, "type", true);
    String grantKind = text(n, "grant_kind", false);
    String units = text(n, "units", false);
    if (units != null) {
      units = decimal(n, "units", false).stripTrailingZeros().toPlainString();
    }
    String expiry = text(n, "expiry", false);
    return BalanceCommand.newBuilder()
        .setCommandId(text(n, "command_id", true))
        .setAccountId(text(n, "account_id", true))
        .setType(symbol(BalanceCommandType.class, "type", type))
        .setAmountMinor(integer(n, "amount_minor", 0L))
        .setCurrency(text(n, "currency", false, ""))
        .setGrantKind(
            grantKind == null ? null : symbol(BalanceGrantKind.class, "grant_kind", grantKind))
        .setGrantId(text(n, "grant_id", false))
        .setMeter(text(n, "meter", false))
        .setUnits(units)
        .setPriority(Math.toIntExact(integer(n, "priority", 100L)))
        .setExpiry(expiry == null ? null : instant("expiry", expiry))
        .setSource(text(n, "source", false, ""))
        .setReason(text(n, "reason", false, ""))
        .setIssuedAt(instant("issued_at", text(n, "issued_at", false, now.toString())))
        .build();
  }

  /**
   * An estimate request (docs/json-lines.md): the Avro record's fields by name; {@code
   * requested_at} defaults to {@code now}.
   */
  public static EstimateRequest estimateRequest(String line, Instant now) {
    JsonNode n = object(line);
    return EstimateRequest.newBuilder()
        .setRequestId(text(n, "request_id", true))
        .setAccountId(text(n, "account_id", true))
        .setMeter(text(n, "meter", true))
        .setQuantity(decimal(n, "quantity", true))
        .setAttributes(attributes(n))
        .setValue(decimal(n, "value", false))
        .setRequestedAt(instant("requested_at", text(n, "requested_at", false, now.toString())))
        .build();
  }

  private static Map<String, String> attributes(JsonNode n) {
    Map<String, String> attributes = new HashMap<>();
    JsonNode attrs = n.get("attributes");
    if (attrs != null && attrs.isObject()) {
      attrs.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    }
    return attributes;
  }

  private static <E extends Enum<E>> E symbol(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field
              + " '"
              + abbreviate(value)
              + "' is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          field
              + " '"
              + abbreviate(value)
              + "' is not an ISO-8601 instant such as 2026-11-30T12:00:00Z");
    }
  }

  private static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(
          field + " must be true or false, got " + abbreviate(v.toString()));
    }
    return v.booleanValue();
  }

  /** A whole number, as a JSON integer or a string of digits; never through a double. */
  private static long integer(JsonNode n, String field, long dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    try {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      if (v.isTextual()) {
        return Long.parseLong(v.asText().trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        field + " '" + abbreviate(v.asText()) + "' is not a whole number (minor units)");
  }

  public static String charge(Charge c) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("charge_id", c.getChargeId());
    n.put("event_id", c.getEventId());
    n.put("account_id", c.getAccountId());
    n.put("meter", c.getMeter());
    n.put("quantity", c.getQuantity().stripTrailingZeros().toPlainString());
    // "N units at P": absent when the charge is not by the unit (a true-up, zero quantity)
    if (c.getUnitAmount() != null) {
      n.put("unit_amount", c.getUnitAmount());
    }
    n.put("amount", BigDecimal.valueOf(c.getAmountMinor(), c.getCurrencyDigits()).toPlainString());
    n.put("amount_minor", c.getAmountMinor());
    n.put("currency", c.getCurrency());
    n.put("rule_set_id", c.getRuleSetId());
    n.put("rule_version", c.getRuleVersion());
    n.put("price_model", c.getPriceModel());
    n.put("charge_kind", c.getChargeKind());
    n.put("billing_period", c.getBillingPeriod());
    // "used so far" in the billing period, after this charge
    if (c.getPeriodAggregate() != null) {
      n.put("period_aggregate", c.getPeriodAggregate());
    }
    n.put("plan", c.getPlan());
    n.put("segment", c.getSegment());
    n.put("event_time", c.getEventTime().toString());
    n.put("funding_source", c.getFundingSource());
    if (c.getFundingGrantId() != null) {
      n.put("funding_grant_id", c.getFundingGrantId());
    }
    n.put("status", c.getStatus());
    n.put("legal_entity", c.getLegalEntity());
    n.put("region", c.getRegion());
    n.put("gl_customer_code", c.getGlCustomerCode());
    // the summary entry on erp-gl-export the charge rolls into: set by the streaming ledger only
    if (c.getJournalEntryId() != null) {
      n.put("journal_entry_id", c.getJournalEntryId());
    }
    var breakdown = n.putArray("breakdown");
    for (ChargeComponent b : c.getBreakdown()) {
      breakdown
          .addObject()
          .put("kind", b.getKind())
          .put("label", b.getLabel())
          .put("quantity", b.getQuantity())
          .put("unit_price", b.getUnitPrice())
          .put("amount", b.getAmount());
    }
    return JSON.writeValueAsString(n);
  }

  /** A charge line back from charges.jsonl, as a previous run wrote it (for re-rating). */
  static Charge chargeFrom(String line) throws Exception {
    JsonNode n = JSON.readTree(line);
    return Charge.newBuilder()
        .setChargeId(text(n, "charge_id", true))
        .setEventId(text(n, "event_id", true))
        .setAccountId(text(n, "account_id", true))
        .setMeter(text(n, "meter", true))
        .setQuantity(decimal(n, "quantity", true))
        .setAmountMinor(n.get("amount_minor").longValue())
        .setCurrency(text(n, "currency", true))
        .setCurrencyDigits(
            java.util.Currency.getInstance(text(n, "currency", true)).getDefaultFractionDigits())
        .setRuleSetId(text(n, "rule_set_id", false, ""))
        .setRuleVersion(n.has("rule_version") ? n.get("rule_version").longValue() : 0L)
        .setPriceModel(text(n, "price_model", false, ""))
        .setBillingPeriod(text(n, "billing_period", false, ""))
        .setPlan(text(n, "plan", false, ""))
        .setSegment(text(n, "segment", false, ""))
        .setFundingSource(text(n, "funding_source", false, "ON_ACCOUNT"))
        .setFundingGrantId(text(n, "funding_grant_id", false))
        .setStatus(text(n, "status", false, "BILLED"))
        .setEventTime(Instant.parse(text(n, "event_time", true)))
        .setRatedAt(Instant.EPOCH)
        .setLegalEntity(text(n, "legal_entity", false, ""))
        .setRegion(text(n, "region", false, ""))
        .setGlCustomerCode(text(n, "gl_customer_code", false, ""))
        .setJournalEntryId(text(n, "journal_entry_id", false))
        .setChargeKind(text(n, "charge_kind", false, "USAGE"))
        .setUnitAmount(plainDecimal(n, "unit_amount"))
        .setPeriodAggregate(plainDecimal(n, "period_aggregate"))
        .build();
  }

  static String journalEntry(io.rateflow.avro.JournalEntry e) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("entry_id", e.getEntryId());
    n.put("kind", e.getKind());
    n.put("account_id", e.getAccountId());
    n.put("legal_entity", e.getLegalEntity());
    n.put("posting_date", e.getPostingDate().toString());
    n.put("period", e.getPeriod());
    n.put("currency", e.getCurrency());
    n.put("original_entry_id", e.getOriginalEntryId());
    n.put("description", e.getDescription());
    var lines = n.putArray("lines");
    for (io.rateflow.avro.JournalLine l : e.getLines()) {
      lines
          .addObject()
          .put("role", l.getRole())
          .put("gl_account", l.getGlAccount())
          .put(
              "debit", BigDecimal.valueOf(l.getDebitMinor(), e.getCurrencyDigits()).toPlainString())
          .put(
              "credit",
              BigDecimal.valueOf(l.getCreditMinor(), e.getCurrencyDigits()).toPlainString());
    }
    var sources = n.putArray("sources");
    for (io.rateflow.avro.JournalSourceRef s : e.getSources()) {
      sources.addObject().put("kind", s.getKind()).put("id", s.getId());
    }
    return JSON.writeValueAsString(n);
  }

  public static String rejected(RejectedEvent r) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("reason_code", r.getReasonCode());
    n.put("message", r.getMessage());
    n.put("event_id", r.getEventId());
    n.put("account_id", r.getAccountId());
    n.put("source", r.getSourceTopic() + ":" + r.getSourceOffset());
    byte[] payload = new byte[r.getPayload().remaining()];
    r.getPayload().duplicate().get(payload);
    String text = printableText(payload);
    // A line of a file or a CloudEvent reads as itself; Avro bytes would print as garbage, and a
    // consumer could not get the original back from that: they go as base64.
    if (text != null) {
      n.put("payload", text);
    } else {
      n.put("payload_base64", java.util.Base64.getEncoder().encodeToString(payload));
    }
    return JSON.writeValueAsString(n);
  }

  /**
   * The bytes as text when they are valid UTF-8 without control characters (tabs and line ends
   * aside), else null.
   */
  static String printableText(byte[] bytes) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return null;
      }
    }
    return s;
  }

  private static String text(JsonNode n, String field, boolean required) {
    return text(n, field, required, null);
  }

  private static String text(JsonNode n, String field, boolean required, String dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing field '" + field + "'");
      }
      return dflt;
    }
    return v.asText();
  }

  /**
   * An optional decimal kept as the text it was written as (a unit amount has more decimals than
   * the 6 of a quantity): checked to be one, never rescaled.
   */
  private static String plainDecimal(JsonNode n, String field) {
    String text = text(n, field, false);
    if (text == null) {
      return null;
    }
    try {
      new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          field + " '" + abbreviate(text) + "' is not a decimal number");
    }
    return text.trim();
  }

  private static BigDecimal decimal(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing field '" + field + "'");
      }
      return null;
    }
    BigDecimal d;
    try {
      d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + v.asText() + "' is not a decimal number");
    }
    // scale() and precision() are cheap; scaling a number like 1e80000000 is not
    if (d.scale() > MAX_SCALE
        || d.scale() < -MAX_SCALE
        || d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
      throw new IllegalArgumentException(
          field
              + " "
              + abbreviate(v.asText())
              + " is out of range (at most "
              + MAX_INTEGER_DIGITS
              + " integer digits and 6 decimals)");
    }
    if (d.stripTrailingZeros().scale() > 6) {
      throw new IllegalArgumentException(
          field
              + " "
              + abbreviate(v.asText())
              + " has more than 6 decimals, which the schema keeps; round it at the source");
    }
    // the schema keeps 6 fractional digits; finer input is refused rather than silently rounded
    return d.setScale(6, RoundingMode.UNNECESSARY);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}

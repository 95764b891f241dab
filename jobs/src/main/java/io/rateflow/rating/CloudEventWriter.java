package io.rateflow.rating;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.rateflow.avro.ActivityEvent;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.TreeMap;

/**
 * Writes an {@link ActivityEvent} as the CloudEvents 1.0 structured-mode JSON that {@link
 * CloudEventReader} reads back into an equal event: for producers' examples, tests and tools that
 * move events between the two formats. Decimals are written as strings, so no JSON reader on the
 * way turns them into doubles.
 */
public final class CloudEventWriter {
  /**
   * The {@code type} Rateflow recommends for usage events; the reader accepts any non-empty type.
   */
  public static final String USAGE_TYPE = "io.rateflow.usage";

  private CloudEventWriter() {}

  /**
   * @throws IllegalArgumentException if the event's source is empty or not a URI-reference: a
   *     CloudEvent's source must be both
   */
  public static byte[] toJson(ActivityEvent e) {
    ObjectNode data = CloudEventReader.JSON.createObjectNode();
    data.put("meter", e.getMeter());
    data.put("quantity", plain(e.getQuantity()));
    ObjectNode attributes = data.putObject("attributes");
    // sorted: the same event always gives the same bytes
    new TreeMap<>(e.getAttributes()).forEach((k, v) -> attributes.put(k.toString(), v.toString()));
    if (e.getValue() != null) {
      data.put("value", plain(e.getValue()));
    }
    if (e.getUnitPrice() != null) {
      data.put("unit_price", plain(e.getUnitPrice()));
    }
    if (e.getSource() == null || e.getSource().isEmpty()) {
      throw new IllegalArgumentException(
          "event " + e.getEventId() + " has no source; a CloudEvent needs one");
    }
    CloudEvent ce =
        CloudEventBuilder.v1()
            .withId(e.getEventId())
            .withSource(URI.create(e.getSource()))
            .withType(USAGE_TYPE)
            .withSubject(e.getAccountId())
            .withTime(e.getEventTime().atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(JsonCloudEventData.wrap(data))
            .build();
    try {
      return CloudEventReader.JSON.writeValueAsBytes(ce);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** {@link #toJson} as text, e.g. one line of an events file. */
  public static String toJsonLine(ActivityEvent e) {
    return new String(toJson(e), StandardCharsets.UTF_8);
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }
}

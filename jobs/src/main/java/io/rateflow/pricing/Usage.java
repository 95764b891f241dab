package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One usage to price. {@code value} (for percentage models) and {@code unitPrice} (for dynamic
 * pass-through pricing) may be null. {@code quantity} has a scale of at most 6 and may be 0.
 */
public record Usage(
    String eventId,
    String meter,
    BigDecimal quantity,
    Instant eventTime,
    Map<String, String> attributes,
    BigDecimal value,
    BigDecimal unitPrice) {

  /** The event's attributes, never null. */
  public Map<String, String> attributesOrEmpty() {
    return attributes == null ? Map.of() : attributes;
  }
}

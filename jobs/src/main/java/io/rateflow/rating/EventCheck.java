package io.rateflow.rating;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks an event must pass before anything account-specific is looked at. They run right
 * after decoding and before watermarks are assigned: a far-future timestamp must never advance
 * event time, or every honest event after it would look late.
 */
public final class EventCheck {
  private final Duration maxFutureSkew;
  private final BigDecimal maxQuantity;

  public EventCheck(Duration maxFutureSkew, BigDecimal maxQuantity) {
    this.maxFutureSkew = maxFutureSkew;
    this.maxQuantity = maxQuantity;
  }

  /** A problem found in the event, if any. */
  public record Problem(RejectReason reason, String message) {}

  public Optional<Problem> check(
      String eventId, String accountId, String meter, BigDecimal quantity, Instant eventTime, Instant now) {
    if (isBlank(eventId)) {
      return problem(RejectReason.INVALID_EVENT, "event_id is blank");
    }
    if (isBlank(accountId)) {
      return problem(RejectReason.INVALID_EVENT, "account_id is blank (event " + eventId + ")");
    }
    if (isBlank(meter)) {
      return problem(RejectReason.INVALID_EVENT, "meter is blank (event " + eventId + ")");
    }
    if (quantity == null || quantity.signum() < 0) {
      return problem(RejectReason.INVALID_QUANTITY,
          "quantity " + quantity + " is negative; send a correction or adjustment instead (event " + eventId + ")");
    }
    if (quantity.compareTo(maxQuantity) > 0) {
      return problem(RejectReason.INVALID_QUANTITY,
          "quantity " + quantity.toPlainString() + " exceeds the maximum " + maxQuantity.toPlainString()
              + " (max.quantity) for one event (event " + eventId + ")");
    }
    if (eventTime.isAfter(now.plus(maxFutureSkew))) {
      return problem(RejectReason.FAR_FUTURE,
          "event_time " + eventTime + " is more than " + maxFutureSkew + " after now (" + now
              + "); check the producer's clock (event " + eventId + ")");
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(RejectReason r, String m) {
    return Optional.of(new Problem(r, m));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

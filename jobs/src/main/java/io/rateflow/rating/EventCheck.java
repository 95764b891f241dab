package io.rateflow.rating;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks an event must pass before anything account-specific is looked at. They run right after
 * decoding and before watermarks are assigned: a far-future timestamp must never advance event
 * time, or every honest event after it would look late.
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
      String eventId,
      String accountId,
      String meter,
      BigDecimal quantity,
      Instant eventTime,
      Instant now) {
    if (isBlank(eventId)) {
      return problem(RejectReason.INVALID_EVENT, "event_id is blank");
    }
    if (isBlank(accountId)) {
      return problem(RejectReason.INVALID_EVENT, "account_id is blank (event " + eventId + ")");
    }
    if (isBlank(meter)) {
      return problem(RejectReason.INVALID_EVENT, "meter is blank (event " + eventId + ")");
    }
    // Ids travel into Kafka keys, file names, logs and ERP exports, where a NUL, a newline or an
    // escape sequence corrupts or forges what a reader sees.
    for (String[] field :
        new String[][] {{"event_id", eventId}, {"account_id", accountId}, {"meter", meter}}) {
      int at = controlCharacter(field[1]);
      if (at >= 0) {
        return problem(
            RejectReason.INVALID_EVENT,
            field[0]
                + " contains the control character U+"
                + String.format("%04X", (int) field[1].charAt(at))
                + " at position "
                + (at + 1)
                + "; ids must be printable text (event "
                + printable(eventId)
                + ")");
      }
    }
    if (quantity == null) {
      return problem(RejectReason.INVALID_QUANTITY, "quantity is missing (event " + eventId + ")");
    }
    // A negative quantity is a recurring meter's removal (seats); which meters are recurring is
    // the rules' business, so rating refuses it for the others (INVALID_QUANTITY).
    if (quantity.abs().compareTo(maxQuantity) > 0) {
      return problem(
          RejectReason.INVALID_QUANTITY,
          "quantity "
              + quantity.toPlainString()
              + " exceeds the maximum "
              + maxQuantity.toPlainString()
              + " (max.quantity) for one event (event "
              + eventId
              + ")");
    }
    if (eventTime.isAfter(now.plus(maxFutureSkew))) {
      return problem(
          RejectReason.FAR_FUTURE,
          "event_time "
              + eventTime
              + " is more than "
              + maxFutureSkew
              + " after now ("
              + now
              + "); check the producer's clock (event "
              + eventId
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(RejectReason r, String m) {
    return Optional.of(new Problem(r, m));
  }

  /** The index of the first ISO control character (U+0000–U+001F, U+007F–U+009F), or -1. */
  static int controlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The id with control characters escaped, safe to put in a message. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}

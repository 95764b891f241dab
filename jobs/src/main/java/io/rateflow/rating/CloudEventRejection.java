package io.rateflow.rating;

/**
 * Why a CloudEvents JSON record cannot be rated: the reason code a dead letter carries, a message
 * in the style of the Avro path's, and the event and account ids when the record got far enough to
 * name them.
 */
public final class CloudEventRejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;
  private final String eventId;
  private final String accountId;

  public CloudEventRejection(
      RejectReason reason, String message, String eventId, String accountId) {
    super(
        message, null, false, false); // an expected outcome per bad record: no stack trace to fill
    this.reason = reason;
    this.eventId = eventId;
    this.accountId = accountId;
  }

  public RejectReason reason() {
    return reason;
  }

  /** The CloudEvent's {@code id}, or null when the record did not get that far. */
  public String eventId() {
    return eventId;
  }

  /** The CloudEvent's {@code subject}, or null when the record did not get that far. */
  public String accountId() {
    return accountId;
  }
}

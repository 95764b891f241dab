package io.rateflow.rating;

/** Why an input was not rated. The code is what downstream systems and dashboards group by. */
public enum RejectReason {
  /** The bytes are not a valid Avro record of the topic's schema. */
  MALFORMED,
  /** A required field is missing or blank (event id, account id, meter). */
  INVALID_EVENT,
  /** Negative, absurdly large, or more precise than the schema allows. */
  INVALID_QUANTITY,
  /** The event claims to happen further in the future than producers' clocks can drift. */
  FAR_FUTURE,
  /** Older than the allowed lateness: the rule versions of its time are no longer kept. */
  TOO_LATE,
  /** A second event with an id already rated for this account (a producer's retry). */
  DUPLICATE,
  /** No profile arrived for the account within the pending timeout. */
  UNKNOWN_ACCOUNT,
  ACCOUNT_SUSPENDED,
  ACCOUNT_CLOSED,
  /** No rule set prices this meter at all. */
  UNKNOWN_METER,
  /** Rule sets price the meter, but none in force for this account, currency and time. */
  NO_PRICE,
  /** An account profile with a bad currency, time zone or id. */
  INVALID_PROFILE,
  /** Too many events of one account waiting for their profile or rule. */
  PENDING_OVERFLOW,
  /**
   * Processing this one input failed unexpectedly (a defect, not bad input): it is set aside with
   * the error, rather than failing the job on it at every restart. Alert on any of these.
   */
  PROCESSING_ERROR,
  /**
   * Not a rejection: what an input waits for while the job reads the rules that were on the rules
   * topic when it started. Never times out; every input held for it is retried when they are read.
   */
  RULES_LOADING
}

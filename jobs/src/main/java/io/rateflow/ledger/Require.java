package io.rateflow.ledger;

/** Argument checks shared by the records of this package, with messages that name the field. */
final class Require {

  private Require() {}

  /** A non-null, non-blank identifier. */
  static String text(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** A non-null value; empty strings allowed (an unknown region, say). */
  static <T> T present(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  /**
   * An amount whose sign can be flipped: a negative amount posts with sides swapped, and {@code
   * -Long.MIN_VALUE} does not exist.
   */
  static long amount(long minor, String what) {
    if (minor == Long.MIN_VALUE) {
      throw new IllegalArgumentException(what + " must be greater than Long.MIN_VALUE");
    }
    return minor;
  }
}

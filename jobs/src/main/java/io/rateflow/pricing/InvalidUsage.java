package io.rateflow.pricing;

/**
 * A usage lacking what its model needs; turned into {@code Refused(INVALID_EVENT)}, never thrown
 * out of pricing.
 */
final class InvalidUsage extends RuntimeException {
  InvalidUsage(String message) {
    super(message, null, false, false);
  }
}

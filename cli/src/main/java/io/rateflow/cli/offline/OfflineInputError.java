package io.rateflow.cli.offline;

/**
 * Something wrong with what the user gave {@code rate} or {@code simulate} (a missing file, an
 * output path that cannot be written): printed as one line, never as a stack trace.
 */
public final class OfflineInputError extends RuntimeException {
  public OfflineInputError(String message) {
    super(message, null, false, false);
  }
}

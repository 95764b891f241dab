package io.rateflow.pricing;

import java.util.List;

/**
 * A rule document that cannot be used, with every problem found, each as {@code "source:line:
 * reason"}.
 */
public final class RuleValidationException extends Exception {
  private final List<String> problems;

  public RuleValidationException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order, each {@code "source:line: reason"}. */
  public List<String> problems() {
    return problems;
  }
}

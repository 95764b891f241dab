package io.rateflow.ledger;

import java.util.List;

/**
 * A chart-of-accounts document that cannot be used. Lists every problem found, each as {@code
 * file:line: reason}, so an author can fix them all in one go.
 */
public class ChartValidationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ChartValidationException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code file:line: reason}, in document order. */
  public List<String> problems() {
    return problems;
  }
}

package io.rateflow.balances.promotions;

import java.util.List;

/** A promotion document is invalid; {@link #problems()} are {@code file:line: reason} lines. */
public final class PromotionDocumentException extends Exception {
  private final List<String> problems;

  public PromotionDocumentException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, each as {@code file:line: reason}. */
  public List<String> problems() {
    return problems;
  }
}

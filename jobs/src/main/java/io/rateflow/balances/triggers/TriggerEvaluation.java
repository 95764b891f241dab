package io.rateflow.balances.triggers;

import java.util.List;
import java.util.Objects;

/** The trigger book to keep and the triggers that fired. */
public record TriggerEvaluation(TriggerBook book, List<Trigger> fired) {
  public TriggerEvaluation {
    Objects.requireNonNull(book, "book");
    fired = List.copyOf(fired);
  }
}

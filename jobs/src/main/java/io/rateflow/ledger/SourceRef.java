package io.rateflow.ledger;

import java.util.Objects;

/**
 * One link of an entry's audit trail: the fact or entry it was made from.
 *
 * @param kind what the id names
 * @param id the id as known in its own system
 */
public record SourceRef(Kind kind, String id) {

  /** What a source id names. */
  public enum Kind {
    CHARGE,
    EVENT,
    MOVEMENT,
    GRANT,
    JOURNAL_ENTRY
  }

  public SourceRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String toString() {
    return kind + ":" + id;
  }
}

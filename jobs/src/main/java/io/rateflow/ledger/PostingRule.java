package io.rateflow.ledger;

/**
 * What a fact books: the entry kind and the role debited and credited with its amount. A memo rule
 * has neither role: the fact is recorded but moves no money in the books.
 *
 * @param kind the entry kind
 * @param debit role debited with a positive amount, or {@code null} for a memo
 * @param credit role credited with a positive amount, or {@code null} for a memo
 */
public record PostingRule(EntryKind kind, PostingRole debit, PostingRole credit) {

  public PostingRule {
    Require.present(kind, "kind");
    if ((debit == null) != (credit == null)) {
      throw new IllegalArgumentException(
          kind + ": a rule debits and credits, or does neither (memo)");
    }
  }

  /** A rule with no financial effect. */
  public static PostingRule memo(EntryKind kind) {
    return new PostingRule(kind, null, null);
  }

  /** True when the fact is recorded without lines. */
  public boolean isMemo() {
    return debit == null;
  }
}

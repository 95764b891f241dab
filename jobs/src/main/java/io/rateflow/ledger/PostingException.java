package io.rateflow.ledger;

/**
 * A fact that cannot be posted with the chart of accounts in force (no chart yet, unknown legal
 * entity). The message names the fact and what to fix; the streaming job routes such facts to its
 * rejected output instead of failing.
 */
public class PostingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PostingException(String message) {
    super(message);
  }
}

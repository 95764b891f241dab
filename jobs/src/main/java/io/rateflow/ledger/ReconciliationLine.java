package io.rateflow.ledger;

/**
 * The two sides of one reconciliation cell, as net debits in minor units (a credit is negative):
 * what the facts say should have been booked, and what the journal booked.
 *
 * @param key the cell
 * @param factsNetDebitMinor expected from the charges and movements
 * @param journalNetDebitMinor found in the journal entries
 */
public record ReconciliationLine(
    ReconciliationKey key, long factsNetDebitMinor, long journalNetDebitMinor) {

  /** Facts minus journal, as a net debit: what the journal is missing. */
  public long differenceMinor() {
    return Math.subtractExact(factsNetDebitMinor, journalNetDebitMinor);
  }

  /** True when both sides agree. */
  public boolean isBalanced() {
    return factsNetDebitMinor == journalNetDebitMinor;
  }

  /**
   * For example {@code USAGE_REVENUE account a-1 product api-calls USD 2026-01: facts Cr 12.34,
   * journal Cr 12.00, missing Cr 0.34}.
   */
  @Override
  public String toString() {
    String head =
        key + ": facts " + side(factsNetDebitMinor) + ", journal " + side(journalNetDebitMinor);
    return isBalanced() ? head + ", ok" : head + ", missing " + side(differenceMinor());
  }

  private String side(long netDebit) {
    if (netDebit == 0) {
      return MinorUnits.format(0, key.currency());
    }
    return netDebit > 0
        ? "Dr " + MinorUnits.format(netDebit, key.currency())
        : "Cr " + MinorUnits.format(Math.negateExact(netDebit), key.currency());
  }
}

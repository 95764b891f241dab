package io.rateflow.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * What a fact books, before it becomes an entry: the rule, the chart version and legal entity in
 * force at its time, its posting date and dimensions, and its lines (none for a memo). Running
 * totals need only this, so a charge that is summed never builds a description, a sources list or
 * an entry.
 *
 * @param rule the posting rule applied
 * @param chart the chart of accounts in force at the fact's time
 * @param legalEntity the legal entity that books it, with its zone
 * @param postingDate the day in the legal entity's zone
 * @param dimensions the dimensions of every line
 * @param lines debit and credit, or none for a memo (memo rule or zero amount)
 */
record Posting(
    PostingRule rule,
    ChartOfAccounts chart,
    LegalEntity legalEntity,
    LocalDate postingDate,
    Dimensions dimensions,
    List<JournalLine> lines) {

  /** True when the fact books nothing: no summary, no entry id. */
  boolean isMemo() {
    return lines.isEmpty();
  }
}

/**
 * The ledger domain core: turns rated charges and balance movements into balanced journal entries
 * an ERP general ledger can import, corrects them without rewriting history, and reconciles the
 * facts against what was posted.
 *
 * <p>Pure Java: no Flink and no Avro types, so the same classes serve the streaming job, the batch
 * {@code rate}/{@code simulate} path and the tests. Money is always {@code long} minor units plus a
 * {@link java.util.Currency}; sums use {@link java.lang.Math#addExact(long, long)} so an overflow
 * fails loudly instead of wrapping.
 *
 * <p>Entry points: {@link io.rateflow.ledger.Journal} (posting, reversal, replacement, re-rating),
 * {@link io.rateflow.ledger.ChartOfAccountsParser} (the mapping document), {@link
 * io.rateflow.ledger.PeriodSummary} (daily summaries and late facts), {@link
 * io.rateflow.ledger.AccountLedger} (one account's GL position at summary grain, as the streaming
 * job keeps it) and {@link io.rateflow.ledger.Reconciliation}. See {@code docs/ledger.md} for the
 * grain and the posting rules.
 */
package io.rateflow.ledger;

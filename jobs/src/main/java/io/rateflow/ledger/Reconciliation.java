package io.rateflow.ledger;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks that the journal says what the facts say: for every posting role, account, product,
 * currency and period, the net amount the posting rules expect from the charges and movements
 * against the net amount found on the journal lines. It catches lost, duplicated or mis-corrected
 * entries and summaries that drifted from their details.
 *
 * <p>Pass each fact once, in its latest version (a re-rated charge with its new amount), and either
 * the detail entries (postings, reversals, adjustments) or the summaries built from them, never
 * both. Allowance-funded and promotional-balance facts expect nothing, as they post memos.
 */
public final class Reconciliation {

  private final ChartBook charts;

  /** Reconciles with the legal entities' time zones from these chart versions. */
  public Reconciliation(ChartBook charts) {
    this.charts = Objects.requireNonNull(charts, "charts");
  }

  /**
   * Compares the facts with the journal.
   *
   * @throws PostingException if a fact has no chart or legal entity (such a fact was never posted)
   */
  public ReconciliationReport reconcile(
      Collection<ChargeFact> charges,
      Collection<MovementFact> movements,
      Collection<JournalEntry> entries) {
    Map<ReconciliationKey, long[]> cells = new TreeMap<>(ReconciliationKey.ORDER);
    for (ChargeFact c : charges) {
      expect(
          cells,
          PostingRules.forCharge(c.kind(), c.fundingSource(), c.amountMinor()),
          c.amountMinor(),
          c.accountId(),
          c.product(),
          c.currency(),
          period(c.eventTime(), c.legalEntity(), "charge " + c.chargeId()));
    }
    for (MovementFact m : movements) {
      expect(
          cells,
          PostingRules.forMovement(m.kind(), m.grantKind()),
          m.amountMinor(),
          m.accountId(),
          "",
          m.currency(),
          period(m.time(), m.legalEntity(), "movement " + m.movementId()));
    }
    for (JournalEntry e : entries) {
      for (JournalLine line : e.lines()) {
        ReconciliationKey key =
            new ReconciliationKey(
                line.role(), e.accountId(), line.dimensions().product(), e.currency(), e.period());
        add(cells, key, 1, line.netDebitMinor());
      }
    }
    List<ReconciliationLine> lines = new ArrayList<>();
    cells.forEach((key, sides) -> lines.add(new ReconciliationLine(key, sides[0], sides[1])));
    return new ReconciliationReport(lines);
  }

  private static void expect(
      Map<ReconciliationKey, long[]> cells,
      PostingRule rule,
      long amountMinor,
      String accountId,
      String product,
      Currency currency,
      YearMonth period) {
    if (rule.isMemo() || amountMinor == 0) {
      return; // the journal posts a memo: no lines to expect
    }
    // The same rule the journal applies: debit role up, credit role down (a negative amount flips
    // both).
    add(
        cells,
        new ReconciliationKey(rule.debit(), accountId, product, currency, period),
        0,
        amountMinor);
    add(
        cells,
        new ReconciliationKey(rule.credit(), accountId, product, currency, period),
        0,
        Math.negateExact(amountMinor));
  }

  private static void add(
      Map<ReconciliationKey, long[]> cells, ReconciliationKey key, int side, long netDebit) {
    long[] sides = cells.computeIfAbsent(key, k -> new long[2]);
    sides[side] = Math.addExact(sides[side], netDebit);
  }

  private YearMonth period(Instant time, String legalEntity, String what) {
    ChartOfAccounts chart =
        charts
            .inForceAt(time)
            .orElseThrow(
                () ->
                    new PostingException(
                        "no chart of accounts in force at " + time + " for " + what));
    LegalEntity le =
        chart
            .legalEntityFor(legalEntity)
            .orElseThrow(
                () -> new PostingException(Journal.missingLegalEntity(chart, legalEntity, what)));
    return YearMonth.from(le.postingDate(time));
  }
}

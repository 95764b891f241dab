package io.rateflow.ledger;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;

/**
 * One balanced journal entry in one currency, ready for an ERP import. Construction fails unless
 * debits equal credits, so an unbalanced entry cannot exist.
 *
 * <p>An entry without lines is a <em>memo</em>: it records that a fact was seen and deliberately
 * has no financial effect (allowance usage, promotional grants, zero amounts), so every fact still
 * has exactly one entry in the audit trail. Memo entries need not be sent to the GL.
 *
 * @param entryId deterministic id: the ERP can de-duplicate a re-import on it
 * @param kind why the entry exists
 * @param accountId the Rateflow account the entry concerns
 * @param legalEntity the legal entity whose books it goes to
 * @param postingDate the date in the legal entity's time zone
 * @param period the accounting period (month) of {@code postingDate}
 * @param currency currency of every line
 * @param lines the lines, numbered 1..n
 * @param sources audit trail: the facts or entries it was made from
 * @param originalEntryId the entry this one reverses, replaces or adjusts, or {@code null}
 * @param description human-readable text for the ERP's entry header
 * @param chartId id of the chart of accounts used
 * @param chartVersion version of the chart of accounts used
 */
public record JournalEntry(
    String entryId,
    EntryKind kind,
    String accountId,
    String legalEntity,
    LocalDate postingDate,
    YearMonth period,
    Currency currency,
    List<JournalLine> lines,
    List<SourceRef> sources,
    String originalEntryId,
    String description,
    String chartId,
    long chartVersion) {

  public JournalEntry {
    Require.text(entryId, "entryId");
    Require.present(kind, "kind of entry " + entryId);
    Require.text(accountId, "accountId of entry " + entryId);
    Require.text(legalEntity, "legalEntity of entry " + entryId);
    Require.present(postingDate, "postingDate of entry " + entryId);
    Require.present(currency, "currency of entry " + entryId);
    Require.present(description, "description of entry " + entryId);
    Require.text(chartId, "chartId of entry " + entryId);
    if (!YearMonth.from(postingDate).equals(period)) {
      throw new IllegalArgumentException(
          "entry "
              + entryId
              + ": period "
              + period
              + " is not the month of posting date "
              + postingDate);
    }
    lines = List.copyOf(lines);
    sources = List.copyOf(sources);
    long debits = 0;
    long credits = 0;
    for (int i = 0; i < lines.size(); i++) {
      JournalLine line = lines.get(i);
      if (line.lineNo() != i + 1) {
        throw new IllegalArgumentException(
            "entry " + entryId + ": line " + (i + 1) + " is numbered " + line.lineNo());
      }
      debits = Math.addExact(debits, line.debitMinor());
      credits = Math.addExact(credits, line.creditMinor());
    }
    if (debits != credits) {
      throw new IllegalArgumentException(
          "entry "
              + entryId
              + " does not balance: debits "
              + MinorUnits.format(debits, currency)
              + ", credits "
              + MinorUnits.format(credits, currency));
    }
  }

  /** True when the entry has no lines: recorded for audit, no financial effect. */
  public boolean isMemo() {
    return lines.isEmpty();
  }

  /** Sum of the debit lines in minor units (equal to {@link #totalCreditMinor()}). */
  public long totalDebitMinor() {
    return lines.stream().mapToLong(JournalLine::debitMinor).reduce(0, Math::addExact);
  }

  /** Sum of the credit lines in minor units (equal to {@link #totalDebitMinor()}). */
  public long totalCreditMinor() {
    return lines.stream().mapToLong(JournalLine::creditMinor).reduce(0, Math::addExact);
  }
}

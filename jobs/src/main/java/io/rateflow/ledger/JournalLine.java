package io.rateflow.ledger;

/**
 * One line of a journal entry: an amount on one side of one GL account. Exactly one of debit and
 * credit is positive, the other zero, as ERP import formats expect.
 *
 * @param lineNo 1-based position in the entry
 * @param role the accounting meaning, kept for reconciliation and audit
 * @param glAccount the GL account code the chart of accounts mapped the role to
 * @param debitMinor debit amount in minor units, or 0
 * @param creditMinor credit amount in minor units, or 0
 * @param dimensions analysis dimensions
 */
public record JournalLine(
    int lineNo,
    PostingRole role,
    String glAccount,
    long debitMinor,
    long creditMinor,
    Dimensions dimensions) {

  public JournalLine {
    if (lineNo < 1) {
      throw new IllegalArgumentException("lineNo must be 1 or more, got " + lineNo);
    }
    Require.present(role, "role");
    Require.text(glAccount, "glAccount");
    Require.present(dimensions, "dimensions");
    if (debitMinor < 0 || creditMinor < 0) {
      throw new IllegalArgumentException(
          "line "
              + lineNo
              + ": amounts must not be negative (debit "
              + debitMinor
              + ", credit "
              + creditMinor
              + "); post a negative amount on the other side");
    }
    if ((debitMinor == 0) == (creditMinor == 0)) {
      throw new IllegalArgumentException(
          "line "
              + lineNo
              + ": exactly one of debit and credit must be "
              + "positive (debit "
              + debitMinor
              + ", credit "
              + creditMinor
              + ")");
    }
  }

  /** A debit line. */
  public static JournalLine debit(
      int lineNo, PostingRole role, String glAccount, long minor, Dimensions dims) {
    return new JournalLine(lineNo, role, glAccount, minor, 0, dims);
  }

  /** A credit line. */
  public static JournalLine credit(
      int lineNo, PostingRole role, String glAccount, long minor, Dimensions dims) {
    return new JournalLine(lineNo, role, glAccount, 0, minor, dims);
  }

  /** Debit minus credit: positive for a debit line, negative for a credit line. */
  public long netDebitMinor() {
    return debitMinor - creditMinor;
  }

  /** The same line on the other side, as a reversal needs. */
  public JournalLine swapped() {
    return new JournalLine(lineNo, role, glAccount, creditMinor, debitMinor, dimensions);
  }

  /** The same line at another position. */
  public JournalLine renumbered(int newLineNo) {
    return new JournalLine(newLineNo, role, glAccount, debitMinor, creditMinor, dimensions);
  }
}

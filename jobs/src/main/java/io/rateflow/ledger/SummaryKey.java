package io.rateflow.ledger;

import java.time.LocalDate;
import java.util.Currency;

/**
 * What a summary entry sums over: one account's lines for one product, posting date and currency in
 * one legal entity. Every line of a posted entry shares these, so a summary of balanced entries is
 * balanced too.
 *
 * @param legalEntity the books it goes to
 * @param accountId the Rateflow account
 * @param product the product; empty for balance movements
 * @param postingDate the day, in the legal entity's zone
 * @param currency the currency
 */
public record SummaryKey(
    String legalEntity,
    String accountId,
    String product,
    LocalDate postingDate,
    Currency currency) {

  public SummaryKey {
    Require.text(legalEntity, "legalEntity");
    Require.text(accountId, "accountId");
    Require.present(product, "product");
    Require.present(postingDate, "postingDate");
    Require.present(currency, "currency");
  }

  /**
   * The key of an entry with lines.
   *
   * @throws IllegalArgumentException for a memo entry (nothing to sum) or lines of several products
   */
  public static SummaryKey of(JournalEntry entry) {
    if (entry.isMemo()) {
      throw new IllegalArgumentException(
          "memo entry " + entry.entryId() + " has no lines to summarise");
    }
    String product = entry.lines().get(0).dimensions().product();
    for (JournalLine line : entry.lines()) {
      if (!line.dimensions().product().equals(product)) {
        throw new IllegalArgumentException(
            "entry "
                + entry.entryId()
                + " mixes products "
                + product
                + " and "
                + line.dimensions().product()
                + "; summaries are per product");
      }
    }
    return new SummaryKey(
        entry.legalEntity(), entry.accountId(), product, entry.postingDate(), entry.currency());
  }

  /** The deterministic id of this key's first summary entry. */
  public String summaryEntryId() {
    return EntryIds.of(
        "SUMMARY",
        legalEntity,
        accountId,
        product,
        postingDate.toString(),
        currency.getCurrencyCode());
  }
}

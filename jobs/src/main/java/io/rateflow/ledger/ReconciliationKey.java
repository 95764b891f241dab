package io.rateflow.ledger;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.Currency;

/**
 * One cell of a reconciliation: a posting role for one account, product, currency and period.
 *
 * @param role the posting role (usage revenue, prepayments, ...)
 * @param accountId the Rateflow account
 * @param product the product; empty for balance movements
 * @param currency the currency
 * @param period the accounting period in the legal entity's zone
 */
public record ReconciliationKey(
    PostingRole role, String accountId, String product, Currency currency, YearMonth period) {

  /** Report order: account, product, currency, period, role. */
  static final Comparator<ReconciliationKey> ORDER =
      Comparator.comparing(ReconciliationKey::accountId)
          .thenComparing(ReconciliationKey::product)
          .thenComparing(k -> k.currency().getCurrencyCode())
          .thenComparing(ReconciliationKey::period)
          .thenComparing(ReconciliationKey::role);

  @Override
  public String toString() {
    return role
        + " account "
        + accountId
        + (product.isEmpty() ? "" : " product " + product)
        + " "
        + currency.getCurrencyCode()
        + " "
        + period;
  }
}

package io.rateflow.ledger;

import java.time.Instant;
import java.util.Currency;

/**
 * A change of a prepaid or promotional balance other than usage: a top-up, grant, revoke, manual
 * adjustment or expiry.
 *
 * <p>Amounts are the size of the movement in its own direction (a revoke of 5.00 is {@code 500}); a
 * negative amount posts the same lines with sides swapped, which is how a downward {@code ADJUST}
 * is expressed.
 *
 * @param movementId deterministic movement id; the entry id derives from it
 * @param accountId the Rateflow account
 * @param kind what happened
 * @param grantKind which kind of credit moved; a top-up is always prepaid
 * @param grantId the grant concerned, or {@code null}
 * @param amountMinor amount in minor units of {@code currency}
 * @param currency ISO-4217 currency
 * @param time when it happened; sets the posting date in the legal entity's zone
 * @param legalEntity the legal entity that owes the credit
 * @param glCustomerCode the customer's code in the ERP
 * @param region region of the account; may be empty
 */
public record MovementFact(
    String movementId,
    String accountId,
    MovementKind kind,
    GrantKind grantKind,
    String grantId,
    long amountMinor,
    Currency currency,
    Instant time,
    String legalEntity,
    String glCustomerCode,
    String region) {

  public MovementFact {
    Require.text(movementId, "movementId");
    Require.text(accountId, "accountId of movement " + movementId);
    Require.present(kind, "kind of movement " + movementId);
    Require.present(grantKind, "grantKind of movement " + movementId);
    Require.amount(amountMinor, "amountMinor of movement " + movementId);
    Require.present(currency, "currency of movement " + movementId);
    Require.present(time, "time of movement " + movementId);
    // blank: the account names none, and the chart's default_legal_entity books it
    Require.present(legalEntity, "legalEntity of movement " + movementId);
    Require.text(glCustomerCode, "glCustomerCode of movement " + movementId);
    Require.present(region, "region of movement " + movementId);
    if (kind == MovementKind.TOP_UP && grantKind != GrantKind.PREPAID) {
      // Customers pay for prepaid credit; "buying" promotional credit is a data error upstream.
      throw new IllegalArgumentException(
          "movement " + movementId + ": a TOP_UP must be PREPAID credit, got " + grantKind);
    }
  }
}

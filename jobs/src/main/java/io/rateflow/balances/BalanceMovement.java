package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One change of one balance, for the ledger and the balances topic. Signed from the account's point
 * of view: positive adds credit (top-up, grant), negative takes it away (usage, expiry, revoke,
 * settlement).
 *
 * @param id deterministic: derived from account, cause and the movement's index within the cause
 * @param grantId the grant whose balance moved; {@code null} for the overdraft of a prepaid-only
 *     account
 * @param amountMinor money moved, in minor units of {@code currency}; 0 for allowance movements
 * @param units allowance units moved; 0 for money movements
 * @param cause what caused it: a command id, a usage id, or {@code expiry:<grant>}
 */
public record BalanceMovement(
    String id,
    String accountId,
    MovementKind kind,
    String grantId,
    long amountMinor,
    BigDecimal units,
    Currency currency,
    Instant at,
    String cause) {

  public BalanceMovement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
  }
}

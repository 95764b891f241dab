package io.rateflow.ledger;

import java.time.Instant;
import java.util.Currency;

/**
 * A rated charge as the ledger needs it: decoupled from the pricing and Avro types so the ledger
 * rules can be tested and changed on their own. Pass only charges that were actually billed (not
 * those rejected for exceeding a prepaid limit).
 *
 * @param chargeId deterministic charge id (event id + funding line); the entry id derives from it
 * @param eventId the usage event the charge rates (the engine's synthetic id for a period start, a
 *     fee or a true-up)
 * @param accountId the Rateflow account
 * @param product the meter/product ({@code fee:<id>} for a fee, {@code minimum_spend} for a
 *     true-up)
 * @param amountMinor amount in minor units of {@code currency}; negative for a credit
 * @param currency ISO-4217 currency
 * @param fundingSource what pays the charge
 * @param grantId the prepaid or promotional grant that paid it, or {@code null}
 * @param eventTime when the usage happened; sets the posting date in the legal entity's zone
 * @param region where the usage happened; may be empty
 * @param segment the customer segment; may be empty (kept for audit, not a GL dimension)
 * @param legalEntity the legal entity that books the revenue (must be in the chart of accounts)
 * @param glCustomerCode the customer's code in the ERP
 * @param kind what the charge is for (usage, proration, recurring, fee, true-up): picks the revenue
 *     role
 */
public record ChargeFact(
    String chargeId,
    String eventId,
    String accountId,
    String product,
    long amountMinor,
    Currency currency,
    FundingSource fundingSource,
    String grantId,
    Instant eventTime,
    String region,
    String segment,
    String legalEntity,
    String glCustomerCode,
    RevenueKind kind) {

  /** A usage charge (kind {@link RevenueKind#USAGE}), as every charge was before charge kinds. */
  public ChargeFact(
      String chargeId,
      String eventId,
      String accountId,
      String product,
      long amountMinor,
      Currency currency,
      FundingSource fundingSource,
      String grantId,
      Instant eventTime,
      String region,
      String segment,
      String legalEntity,
      String glCustomerCode) {
    this(
        chargeId,
        eventId,
        accountId,
        product,
        amountMinor,
        currency,
        fundingSource,
        grantId,
        eventTime,
        region,
        segment,
        legalEntity,
        glCustomerCode,
        RevenueKind.USAGE);
  }

  public ChargeFact {
    Require.text(chargeId, "chargeId");
    Require.text(eventId, "eventId of charge " + chargeId);
    Require.text(accountId, "accountId of charge " + chargeId);
    Require.text(product, "product of charge " + chargeId);
    Require.amount(amountMinor, "amountMinor of charge " + chargeId);
    Require.present(currency, "currency of charge " + chargeId);
    Require.present(fundingSource, "fundingSource of charge " + chargeId);
    Require.present(eventTime, "eventTime of charge " + chargeId);
    Require.present(region, "region of charge " + chargeId);
    Require.present(segment, "segment of charge " + chargeId);
    // blank: the account names none, and the chart's default_legal_entity books it
    Require.present(legalEntity, "legalEntity of charge " + chargeId);
    Require.text(glCustomerCode, "glCustomerCode of charge " + chargeId);
    Require.present(kind, "kind of charge " + chargeId);
  }

  /** The same charge with another amount, as a re-rating of the same event produces. */
  public ChargeFact withAmountMinor(long newAmountMinor) {
    return new ChargeFact(
        chargeId,
        eventId,
        accountId,
        product,
        newAmountMinor,
        currency,
        fundingSource,
        grantId,
        eventTime,
        region,
        segment,
        legalEntity,
        glCustomerCode,
        kind);
  }

  /** The same charge paid by another funding source. */
  public ChargeFact withFunding(FundingSource newSource, String newGrantId) {
    return new ChargeFact(
        chargeId,
        eventId,
        accountId,
        product,
        amountMinor,
        currency,
        newSource,
        newGrantId,
        eventTime,
        region,
        segment,
        legalEntity,
        glCustomerCode,
        kind);
  }

  /** The same charge as another kind of revenue. */
  public ChargeFact withKind(RevenueKind newKind) {
    return new ChargeFact(
        chargeId,
        eventId,
        accountId,
        product,
        amountMinor,
        currency,
        fundingSource,
        grantId,
        eventTime,
        region,
        segment,
        legalEntity,
        glCustomerCode,
        newKind);
  }
}

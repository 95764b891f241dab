package io.rateflow.pricing;

import java.util.List;

/** The outcome of pricing one usage: a charge, or a refusal that says why. */
public sealed interface RatingResult {

  /**
   * A priced usage. {@code amountMinor} is in minor units of {@code currency} ({@code
   * currencyDigits} fractional digits) and may be negative (a credit, e.g. a {@code latest} meter
   * going down). {@code after} is the meter's aggregate including this usage, to keep for the next
   * one.
   */
  record Priced(
      String ruleSetId,
      long ruleVersion,
      String model,
      String period,
      long amountMinor,
      String currency,
      int currencyDigits,
      List<PriceComponent> breakdown,
      MeterAggregate after)
      implements RatingResult {
    public Priced {
      breakdown = List.copyOf(breakdown);
    }
  }

  /**
   * A usage that cannot be priced. Reason codes: {@code NO_PRICE} (meter not priced, or no
   * dimension matches and there is no default), {@code INVALID_EVENT} (missing or malformed data
   * the model needs), {@code CURRENCY_MISMATCH} (the account bills in another currency).
   */
  record Refused(String reasonCode, String message) implements RatingResult {}
}

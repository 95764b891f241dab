package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/** The outcome of pricing one usage: a charge, or a refusal that says why. */
public sealed interface RatingResult {

  /**
   * A priced usage. {@code amountMinor} is in minor units of {@code currency} ({@code
   * currencyDigits} fractional digits) and may be negative (a credit, e.g. a {@code latest} meter
   * going down). {@code after} is the meter's aggregate including this usage, to keep for the next
   * one. {@code billedQuantity} is the quantity the charge is for (a recurring removal's units as a
   * positive number) and {@code unitAmount} the effective amount per unit (amount / billed
   * quantity, at the rule set's unit digits), null when nothing was billed by the unit.
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
      MeterAggregate after,
      ChargeKind kind,
      BigDecimal billedQuantity,
      BigDecimal unitAmount)
      implements RatingResult {
    public Priced {
      breakdown = List.copyOf(breakdown);
    }

    /** A usage charge without a unit amount (tests and benchmarks). */
    public Priced(
        String ruleSetId,
        long ruleVersion,
        String model,
        String period,
        long amountMinor,
        String currency,
        int currencyDigits,
        List<PriceComponent> breakdown,
        MeterAggregate after) {
      this(
          ruleSetId,
          ruleVersion,
          model,
          period,
          amountMinor,
          currency,
          currencyDigits,
          breakdown,
          after,
          ChargeKind.USAGE,
          null,
          null);
    }
  }

  /**
   * A usage that cannot be priced. Reason codes: {@code NO_PRICE} (meter not priced, or no
   * dimension matches and there is no default), {@code INVALID_EVENT} (missing or malformed data
   * the model needs), {@code CURRENCY_MISMATCH} (the account bills in another currency).
   */
  record Refused(String reasonCode, String message) implements RatingResult {}
}

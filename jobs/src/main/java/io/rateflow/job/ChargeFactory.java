package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.ChargeComponent;
import io.rateflow.avro.Inbound;
import io.rateflow.balances.FundingLine;
import io.rateflow.ids.StableIds;
import io.rateflow.pricing.PriceComponent;
import io.rateflow.pricing.RatingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a priced usage into the exported {@link Charge} record. */
public final class ChargeFactory {
  private ChargeFactory() {}

  /**
   * The charge id derives from account, event id and funding line only: a replay after a failure,
   * or a re-rating, reproduces the same id, so consumers can de-duplicate on it (docs/ids.md).
   */
  public static String chargeId(String accountId, String eventId, int line) {
    return StableIds.of("rateflow-charge", accountId, eventId, line);
  }

  /**
   * One charge line: the priced usage, or the part of it that {@code funding} pays (null: all on
   * account).
   */
  public static Charge charge(
      Inbound in,
      ActivityEvent e,
      AccountProfile p,
      RatingResult.Priced priced,
      int line,
      FundingLine funding,
      long now) {
    return Charge.newBuilder()
        .setChargeId(chargeId(e.getAccountId(), e.getEventId(), line))
        .setEventId(e.getEventId())
        .setAccountId(e.getAccountId())
        .setMeter(e.getMeter())
        .setQuantity(e.getQuantity())
        .setAmountMinor(funding == null ? priced.amountMinor() : funding.amountMinor())
        .setCurrency(priced.currency())
        .setCurrencyDigits(priced.currencyDigits())
        .setRuleSetId(priced.ruleSetId())
        .setRuleVersion(priced.ruleVersion())
        .setPriceModel(priced.model())
        .setBillingPeriod(priced.period())
        .setBreakdown(line == 0 ? breakdown(priced) : List.of())
        .setPlan(p.getPlan())
        .setSegment(p.getSegment())
        .setFundingSource(funding == null ? "ON_ACCOUNT" : funding.source().name())
        .setFundingGrantId(funding == null ? null : funding.grantId())
        .setStatus("BILLED")
        .setEventTime(e.getEventTime())
        .setRatedAt(Instant.ofEpochMilli(now))
        .setIngestedAt(Instant.ofEpochMilli(in.getIngestedAt()))
        .setLegalEntity(p.getLegalEntity())
        .setRegion(p.getRegion())
        .setGlCustomerCode(p.getGlCustomerCode())
        .setChargeKind(priced.kind().name())
        .setUnitAmount(priced.unitAmount() == null ? null : priced.unitAmount().toPlainString())
        .setPeriodAggregate(
            priced.after() == null
                ? null
                : priced.after().aggregate().stripTrailingZeros().toPlainString())
        .build();
  }

  /** How the price was reached; carried once, on a charge's first line. */
  public static List<ChargeComponent> breakdown(RatingResult.Priced priced) {
    List<ChargeComponent> breakdown = new ArrayList<>(priced.breakdown().size());
    for (PriceComponent c : priced.breakdown()) {
      breakdown.add(
          new ChargeComponent(c.kind(), c.label(), c.quantity(), c.unitPrice(), c.amount()));
    }
    return breakdown;
  }
}

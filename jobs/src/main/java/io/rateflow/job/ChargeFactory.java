package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.ChargeComponent;
import io.rateflow.avro.Inbound;
import io.rateflow.pricing.PriceComponent;
import io.rateflow.pricing.RatingResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns a priced usage into the exported {@link Charge} record. */
final class ChargeFactory {
  private ChargeFactory() {}

  /**
   * The charge id is a name-based UUID of account, event id and funding line: a replay after a
   * failure, or a re-rating, reproduces the same id, so consumers can de-duplicate on it.
   */
  static String chargeId(String accountId, String eventId, int line) {
    String name = accountId + '\n' + eventId + '\n' + line;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static Charge charge(Inbound in, ActivityEvent e, AccountProfile p, RatingResult.Priced priced, long now) {
    List<ChargeComponent> breakdown = new ArrayList<>(priced.breakdown().size());
    for (PriceComponent c : priced.breakdown()) {
      breakdown.add(new ChargeComponent(c.kind(), c.label(), c.quantity(), c.unitPrice(), c.amount()));
    }
    return Charge.newBuilder()
        .setChargeId(chargeId(e.getAccountId(), e.getEventId(), 0))
        .setEventId(e.getEventId())
        .setAccountId(e.getAccountId())
        .setMeter(e.getMeter())
        .setQuantity(e.getQuantity())
        .setAmountMinor(priced.amountMinor())
        .setCurrency(priced.currency())
        .setCurrencyDigits(priced.currencyDigits())
        .setRuleSetId(priced.ruleSetId())
        .setRuleVersion(priced.ruleVersion())
        .setPriceModel(priced.model())
        .setBillingPeriod(priced.period())
        .setBreakdown(breakdown)
        .setPlan(p.getPlan())
        .setSegment(p.getSegment())
        .setFundingSource("ON_ACCOUNT")
        .setFundingGrantId(null)
        .setStatus("BILLED")
        .setEventTime(e.getEventTime())
        .setRatedAt(Instant.ofEpochMilli(now))
        .setIngestedAt(Instant.ofEpochMilli(in.getIngestedAt()))
        .build();
  }
}

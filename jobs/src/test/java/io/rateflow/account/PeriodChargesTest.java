package io.rateflow.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.job.RatingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seats, plan fees and minimum spend driven through the account core as the job drives it: every
 * amount below is worked out by hand in the comments, and each period's charges add up to its
 * documented price.
 */
public class PeriodChargesTest {

  final RuleCatalogue catalogue = new RuleCatalogue();
  final AccountEngine engine = new AccountEngine(RatingConfig.defaults("unused:9092"), catalogue);
  final InMemoryAccountState state = new InMemoryAccountState();
  final AccountEngineTest.Recorded out = new AccountEngineTest.Recorded();
  long offset;

  /** The team and business plans' rule sets, shared with the operator's timer test. */
  public static String document(String name) throws IOException {
    try (InputStream in = PeriodChargesTest.class.getResourceAsStream("/periods/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void rules() throws IOException {
    assertThat(catalogue.add(AccountEngineTest.rule(document("team-usd.yaml")))).isTrue();
    assertThat(catalogue.add(AccountEngineTest.rule(document("business-usd.yaml")))).isTrue();
  }

  @Test
  void seatsAddedAndRemovedMidMonthThenAPeriodStartAndALateSeatCarriedForward() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(seats("s1", "3", "2026-11-10T09:00:00Z")); // 3 × 30.00 × 21/30 = 63.00
    process(seats("s2", "-1", "2026-11-20T09:00:00Z")); // −30.00 × 11/30 = −11.00
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    process(seats("s3", "1", "2026-11-25T09:00:00Z")); // late: 30.00 × 6/30 = 6.00, December +30

    assertThat(out.rejected).isEmpty();
    assertThat(out.charges)
        .extracting(Charge::getEventId, Charge::getChargeKind, Charge::getAmountMinor)
        .containsExactly(
            tuple(
                "plan:fee:platform@team-usd:" + at("2026-11-01T00:00:00Z") + ":start",
                "SUBSCRIPTION_FEE",
                10_000L),
            tuple("s1", "PRORATION", 6_300L),
            tuple("s2", "PRORATION", -1_100L),
            // items roll in name order
            tuple("period:fee:platform@team-usd:2026-12", "SUBSCRIPTION_FEE", 10_000L),
            tuple("period:seats:2026-12", "RECURRING", 6_000L), // 2 seats × 30.00
            // November closes: 100 + 63 − 11 = 152 spent, 348 brings it to the minimum
            tuple("minimum:2026-11:close", "MINIMUM_TRUE_UP", 34_800L),
            tuple("s3", "PRORATION", 600L),
            tuple("s3~seats:2026-12", "RECURRING", 3_000L),
            tuple("minimum:2026-11:s3", "MINIMUM_TRUE_UP", -600L));
    // November costs exactly its minimum; December three seats and the fee
    assertThat(totals()).containsEntry("2026-11", 50_000L).containsEntry("2026-12", 19_000L);
    Charge s1 = out.charges.get(1);
    assertThat(s1.getUnitAmount()).isEqualTo("21.000000"); // 63.00 / 3 seats
    assertThat(s1.getPeriodAggregate()).isEqualTo("3");
    assertThat(out.periodTimers).contains(at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
  }

  @Test
  void aPlanChangeOnTheLastDayCreditsOneDayOfTheOldFeeAndChargesOneOfTheNew() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(profile("business", "2026-11-30T00:00:00Z"));
    // team: 100 × 29/30 = 96.666… → 96.67 of the 100.00 charged, a credit of 3.33;
    // business: 300 × 1/30 = 10.00
    assertThat(out.charges)
        .extracting(Charge::getMeter, Charge::getAmountMinor)
        .containsExactly(
            tuple("fee:platform", 10_000L),
            tuple("fee:platform", -333L),
            tuple("fee:platform", 1_000L));
    assertThat(out.charges.get(1).getRuleSetId()).isEqualTo("team-usd");
    assertThat(out.charges.get(2).getRuleSetId()).isEqualTo("business-usd");
  }

  @Test
  void aPlanChangeOnTheFirstDayCreditsTheWholeOldFee() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(profile("business", "2026-11-01T00:00:00Z"));
    assertThat(out.charges)
        .extracting(Charge::getRuleSetId, Charge::getAmountMinor)
        .containsExactly(
            tuple("team-usd", 10_000L),
            tuple("team-usd", -10_000L),
            tuple("business-usd", 30_000L));
    // the next period charges only the plan the account is on
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    assertThat(out.charges.subList(3, out.charges.size()))
        .extracting(Charge::getRuleSetId, Charge::getAmountMinor)
        .containsExactly(tuple("business-usd", 30_000L));
  }

  @Test
  void aMinimumMissedIsTrueUpAndALateEventThatReachesItTakesTheTrueUpBack() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(calls("c1", "50", "2026-11-05T00:00:00Z"));
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    process(calls("c2", "400", "2026-11-28T00:00:00Z"));
    // spent 100 (fee) + 50 = 150 → true-up 350; then 550 ≥ 500 → the whole true-up goes back
    assertThat(out.charges)
        .filteredOn(c -> c.getChargeKind().equals("MINIMUM_TRUE_UP"))
        .extracting(Charge::getEventId, Charge::getAmountMinor)
        .containsExactly(
            tuple("minimum:2026-11:close", 35_000L), tuple("minimum:2026-11:c2", -35_000L));
    assertThat(totals()).containsEntry("2026-11", 55_000L);
  }

  @Test
  void advancingTwiceToTheSameTimeChargesNothingMore() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(seats("s1", "2", "2026-11-01T00:00:00Z"));
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    int charges = out.charges.size();
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    engine.advance(at("2026-12-15T00:00:00Z"), state, out, 0);
    assertThat(out.charges).hasSize(charges);
  }

  @Test
  void aNegativeQuantityOfAnOrdinaryMeterIsRefused() throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(calls("c1", "-5", "2026-11-05T00:00:00Z"));
    assertThat(out.rejected)
        .singleElement()
        .satisfies(r -> assertThat(r.getReasonCode()).isEqualTo("INVALID_QUANTITY"));
  }

  @Test
  void anEstimateOfSeatsIsTheirProratedPriceEvenInAPeriodNotRolledIntoYetAndChangesNothing()
      throws Exception {
    process(profile("team", "2026-11-01T00:00:00Z"));
    process(seats("s1", "2", "2026-11-01T00:00:00Z"));
    int charges = out.charges.size();
    // three more seats from the 16th of November: 3 × 30.00 × 15/30 = 45.00
    engine.process(estimate("r1", "3"), state, out, at("2026-11-16T00:00:00Z"), Long.MIN_VALUE);
    // December not rolled into yet: the estimate starts from the two seats held; one more from
    // the 10th of December: 30.00 × 22/31 = 21.29
    engine.process(estimate("r2", "1"), state, out, at("2026-12-10T00:00:00Z"), Long.MIN_VALUE);
    assertThat(out.estimates)
        .extracting(EstimateResponse::getError, EstimateResponse::getAmountMinor)
        .containsExactly(tuple(null, 4_500L), tuple(null, 2_129L));
    assertThat(out.charges).hasSize(charges);
    engine.advance(at("2026-12-01T00:00:00Z"), state, out, 0);
    assertThat(out.charges.subList(charges, out.charges.size()))
        .extracting(Charge::getEventId, Charge::getAmountMinor)
        .contains(tuple("period:seats:2026-12", 6_000L));
  }

  /** Charges by billing period (a true-up's period is the minimum's, a fee's its own). */
  private Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    for (Charge c : out.charges) {
      totals.merge(c.getBillingPeriod(), c.getAmountMinor(), Long::sum);
    }
    return totals;
  }

  private void process(Inbound in) throws Exception {
    assertThat(engine.process(in, state, out, 0, Long.MIN_VALUE)).isNull();
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private Inbound profile(String plan, String effective) {
    return inbound(
        AccountProfile.newBuilder()
            .setAccountId("A")
            .setPlan(plan)
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setEffectiveTime(Instant.parse(effective))
            .build());
  }

  private Inbound estimate(String id, String quantity) {
    return inbound(
        EstimateRequest.newBuilder()
            .setRequestId(id)
            .setAccountId("A")
            .setMeter("seats")
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setAttributes(Map.of())
            .setRequestedAt(Instant.EPOCH)
            .build());
  }

  private Inbound seats(String id, String quantity, String time) {
    return usage(id, "seats", quantity, time);
  }

  private Inbound calls(String id, String quantity, String time) {
    return usage(id, "api_calls", quantity, time);
  }

  private Inbound usage(String id, String meter, String quantity, String time) {
    return inbound(
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId("A")
            .setMeter(meter)
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .build());
  }

  private Inbound inbound(Object payload) {
    return AccountEngineTest.inbound(payload, offset++);
  }
}

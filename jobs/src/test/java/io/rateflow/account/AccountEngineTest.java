package io.rateflow.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RuleKind;
import io.rateflow.job.RatingConfig;
import io.rateflow.rating.RejectReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account core driven sequentially, without Flink, as the soak reference drives it. */
public class AccountEngineTest {
  static final String USD_V1 =
      """
      id: usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: graduated
            tiers:
              - up_to: 100
                unit_price: 0.10
              - unit_price: 0.05
      """;

  final RuleCatalogue catalogue = new RuleCatalogue();
  final AccountEngine engine = new AccountEngine(RatingConfig.defaults("unused:9092"), catalogue);
  final InMemoryAccountState state = new InMemoryAccountState();
  final Recorded out = new Recorded();
  long offset;

  @Test
  void anEventWaitsForItsProfileAndRuleAndIsThenPricedFromTheAccountsAggregate() throws Exception {
    Inbound e1 = event("e1", "80");
    assertThat(engine.process(e1, state, out, 0, Long.MAX_VALUE))
        .isEqualTo(RejectReason.UNKNOWN_ACCOUNT);
    assertThat(engine.process(profile(), state, out, 0, Long.MAX_VALUE)).isNull();
    assertThat(engine.retry(e1, state, out, 0)).isEqualTo(RejectReason.UNKNOWN_METER);

    assertThat(catalogue.add(rule(USD_V1))).isTrue();
    assertThat(engine.retry(e1, state, out, 0)).isNull();
    assertThat(engine.process(event("e2", "40"), state, out, 0, Long.MAX_VALUE)).isNull();
    assertThat(engine.process(event("e2", "40"), state, out, 0, Long.MAX_VALUE)).isNull();

    // 80 × 0.10; then 20 × 0.10 + 20 × 0.05 across the tier boundary
    assertThat(out.charges)
        .extracting(Charge::getEventId, Charge::getAmountMinor)
        .containsExactly(tuple("e1", 800L), tuple("e2", 300L));
    assertThat(out.rejected).extracting(RejectedEvent::getReasonCode).containsExactly("DUPLICATE");
  }

  @Test
  void aBadDocumentIsNotAddedAndNeverThrows() {
    assertThat(catalogue.add(rule("id: usd\nversion: [unclosed"))).isFalse();
    assertThat(catalogue.add(rule("&a [*a, *a]"))).isFalse();
  }

  @Test
  void anEventWaitingPastTheTimeoutIsRejectedWithWhatItWaitedFor() {
    Inbound e1 = event("e1", "1");
    engine.timedOut(e1, RejectReason.UNKNOWN_ACCOUNT, out, 0);
    assertThat(out.rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("UNKNOWN_ACCOUNT");
              assertThat(r.getMessage())
                  .contains("no profile for account A")
                  .contains("pending.timeout");
            });
  }

  static final String USD_VOLUME =
      """
      id: usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: volume
            tiers:
              - up_to: 100
                unit_price: 1.00
              - unit_price: 0.50
      """;

  /**
   * Crossing into a cheaper volume tier lowers the period's price: the event is a credit. With a
   * wallet, that credit used to reach {@code Wallet.fund} as a negative charge and fail the job on
   * the same event at every restart (found by the soak).
   */
  @Test
  void aVolumeTierCrossingIsACreditOnAccountEvenWithAWallet() throws Exception {
    catalogue.add(rule(USD_VOLUME));
    engine.process(
        inbound(profileBuilder().setPrepaidOnly(true).build()), state, out, 0, Long.MAX_VALUE);

    assertThat(engine.process(event("e1", "100"), state, out, 0, Long.MAX_VALUE)).isNull();
    assertThat(engine.process(event("e2", "1"), state, out, 0, Long.MAX_VALUE)).isNull();

    // 100 × 1.00, then 101 × 0.50 − 100.00: the period's charges add up to its volume price, 50.50
    assertThat(out.charges)
        .extracting(Charge::getEventId, Charge::getAmountMinor, Charge::getFundingSource)
        .containsExactly(tuple("e1", 10000L, "ON_ACCOUNT"), tuple("e2", -4950L, "ON_ACCOUNT"));
    assertThat(out.rejected).isEmpty();
    assertThat(out.charges).extracting(Charge::getChargeId).doesNotHaveDuplicates();
  }

  /**
   * A defect on one input sets that input aside instead of failing the job, and leaves the account
   * as it was.
   */
  @Test
  void aFailureWhileFundingRejectsTheEventAsAProcessingErrorAndStoresNothing() throws Exception {
    catalogue.add(rule(USD_V1));
    AccountState failing = new FailingWallet(state);
    engine.process(
        inbound(profileBuilder().setPrepaidOnly(true).build()), failing, out, 0, Long.MAX_VALUE);

    assertThat(engine.process(event("e1", "10"), failing, out, 0, Long.MAX_VALUE)).isNull();

    assertThat(out.charges).isEmpty();
    assertThat(out.rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getReasonCode()).isEqualTo("PROCESSING_ERROR");
              assertThat(r.getMessage()).contains("wallet store down");
            });
    // nothing half-written: a replay of the event after the defect is fixed is rated, not DUPLICATE
    assertThat(state.seen("e1")).isFalse();
    assertThat(state.aggregate("api_calls|2026-11", "2026-11", 0).aggregate().signum()).isZero();
  }

  /**
   * A failure behind the outputs (a chained operator or sink) is not the input's: it must fail the
   * job so that it restarts from the checkpoint, never set the event aside as a PROCESSING_ERROR.
   */
  @Test
  void aFailureDownstreamOfTheOutputsIsNotTheInputsFault() throws Exception {
    catalogue.add(rule(USD_V1));
    engine.process(profile(), state, out, 0, Long.MAX_VALUE);
    Recorded failingDownstream =
        new Recorded() {
          @Override
          public void charge(Charge c) {
            throw new EmitFailure(new IllegalStateException("sink down"));
          }
        };

    assertThatThrownBy(
            () -> engine.process(event("e1", "10"), state, failingDownstream, 0, Long.MAX_VALUE))
        .isInstanceOf(AccountOutputs.EmitFailure.class)
        .hasRootCauseMessage("sink down");
    assertThat(failingDownstream.rejected).isEmpty();
  }

  /** The in-memory state, with a wallet that cannot be read. */
  private static final class FailingWallet implements AccountState {
    private final AccountState d;

    FailingWallet(AccountState d) {
      this.d = d;
    }

    @Override
    public AccountProfile profile() throws Exception {
      return d.profile();
    }

    @Override
    public io.rateflow.pricing.AccountContext context() throws Exception {
      return d.context();
    }

    @Override
    public void storeProfile(AccountProfile p) throws Exception {
      d.storeProfile(p);
    }

    @Override
    public boolean seen(String id) throws Exception {
      return d.seen(id);
    }

    @Override
    public void markSeen(String id) throws Exception {
      d.markSeen(id);
    }

    @Override
    public io.rateflow.pricing.MeterAggregate aggregate(String k, String period, long now)
        throws Exception {
      return d.aggregate(k, period, now);
    }

    @Override
    public void storeAggregate(String k, io.rateflow.pricing.MeterAggregate a, long now)
        throws Exception {
      d.storeAggregate(k, a, now);
    }

    @Override
    public io.rateflow.pricing.PeriodSpend spend(String period, long now) throws Exception {
      return d.spend(period, now);
    }

    @Override
    public void storeSpend(io.rateflow.pricing.PeriodSpend spend, long now) throws Exception {
      d.storeSpend(spend, now);
    }

    @Override
    public io.rateflow.balances.Wallet storedWallet() {
      throw new IllegalStateException("wallet store down");
    }

    @Override
    public void storeWallet(io.rateflow.balances.Wallet w) throws Exception {
      d.storeWallet(w);
    }

    @Override
    public Map<String, String> latches() throws Exception {
      return d.latches();
    }

    @Override
    public void storeLatches(Map<String, String> l) throws Exception {
      d.storeLatches(l);
    }

    @Override
    public boolean firstUse(String meter) throws Exception {
      return d.firstUse(meter);
    }
  }

  public static PricingRule rule(String document) {
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId("usd")
        .setVersion(1)
        .setEffectiveFrom(Instant.EPOCH)
        .setDocument(document)
        .setSourceName("usd.yaml")
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("test")
        .build();
  }

  private Inbound profile() {
    return inbound(profileBuilder().build());
  }

  private static AccountProfile.Builder profileBuilder() {
    return AccountProfile.newBuilder()
        .setAccountId("A")
        .setPlan("payg")
        .setSegment("smb")
        .setCurrency("USD")
        .setStatus(AccountStatus.ACTIVE)
        .setTimeZone("UTC")
        .setEffectiveTime(Instant.EPOCH);
  }

  private Inbound event(String id, String quantity) {
    return inbound(
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId("A")
            .setMeter("api_calls")
            .setQuantity(new BigDecimal(quantity).setScale(6, RoundingMode.UNNECESSARY))
            .setEventTime(Instant.parse("2026-11-10T00:00:00Z"))
            .setAttributes(Map.of())
            .build());
  }

  private Inbound inbound(Object payload) {
    return inbound(payload, offset++);
  }

  /** Account A's input at {@code offset} of a test topic, as the decoders make it. */
  static Inbound inbound(Object payload, long offset) {
    return Inbound.newBuilder()
        .setAccountId("A")
        .setPayload(payload)
        .setRaw(ByteBuffer.wrap(new byte[] {1}))
        .setSourceTopic("t")
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setIngestedAt(0L)
        .setHeldSince(0L)
        .build();
  }

  /** Outputs kept in lists. */
  static class Recorded implements AccountOutputs {
    final List<Charge> charges = new ArrayList<>();
    final List<RejectedEvent> rejected = new ArrayList<>();
    final List<BalanceMovementRecord> movements = new ArrayList<>();
    final List<BalanceView> balances = new ArrayList<>();
    final List<PromotionTriggerRecord> triggers = new ArrayList<>();
    final List<EstimateResponse> estimates = new ArrayList<>();
    final List<Long> timers = new ArrayList<>();
    final List<Long> periodTimers = new ArrayList<>();

    @Override
    public void charge(Charge c) {
      charges.add(c);
    }

    @Override
    public void rejected(RejectedEvent r) {
      rejected.add(r);
    }

    @Override
    public void movement(BalanceMovementRecord m) {
      movements.add(m);
    }

    @Override
    public void balance(BalanceView v) {
      balances.add(v);
    }

    @Override
    public void trigger(PromotionTriggerRecord t) {
      triggers.add(t);
    }

    @Override
    public void estimate(EstimateResponse r) {
      estimates.add(r);
    }

    @Override
    public void expiryTimer(long at) {
      timers.add(at);
    }

    @Override
    public void periodTimer(long at) {
      periodTimers.add(at);
    }
  }
}

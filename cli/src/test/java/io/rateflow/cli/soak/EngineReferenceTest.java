package io.rateflow.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.PricingRule;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineReferenceTest {
  private static final Path RULES = Path.of("..", "pricing-rules");
  private static final RatingConfig CONFIG = SoakRun.config("localhost:9092", "t-");

  @Test
  void generatedTrafficIsChargedJournaledAndLeavesBalances() throws Exception {
    SoakTraffic traffic =
        SoakTraffic.generate(3, 40, 2_000, Instant.now().minus(Duration.ofHours(6)));
    Outcome reference = EngineReference.compute(traffic, rules(), CONFIG);

    assertThat(reference.poison()).isEmpty();
    // Valid events of active accounts are charged (one line or more each); bad ones are not.
    assertThat(reference.chargeCopies().size()).isBetween(1_800, 2_400);
    assertThat(reference.chargeCopies().values()).containsOnly(1);
    // the GL export is at summary grain: a summary per account, product and day, not an entry per
    // charge
    assertThat(reference.journalCopies().size())
        .isPositive()
        .isLessThan(reference.chargeCopies().size() / 4);
    assertThat(reference.journalCopies().values()).containsOnly(1);
    // fed in order and closed at the end: no day had a late charge
    assertThat(reference.journalOriginals()).isEmpty();
    // every charge that rolls into a summary names one that was exported
    assertThat(reference.chargeJournalIds()).isNotEmpty();
    assertThat(reference.journalCopies().keySet())
        .containsAll(reference.chargeJournalIds().values());
    assertThat(reference.balances()).isNotEmpty();
    assertThat(reference.charges().values())
        .allMatch(a -> a.minor() >= 0 && !a.currency().isEmpty());
  }

  /**
   * Found by the 200,000-event soak: a volume-priced meter (public-usd data_transfer_gb, all of the
   * month at the rate of the tier reached) makes the cumulative charge negative when usage crosses
   * into a cheaper tier, and {@code Wallet.fund} threw on it, so the job failed on that event at
   * every restart. Now the crossing is a credit on account, and the wallet is left alone.
   */
  @Test
  void aVolumeTierCrossingOfAnAccountWithAWalletIsACreditNotAPoisonEvent() throws Exception {
    AccountProfile usd =
        AccountProfile.newBuilder()
            .setAccountId("acct-000001")
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setTimeZone("UTC")
            .setGlCustomerCode("C1")
            .setLegalEntity("RF-US")
            .setRegion("us")
            .setPrepaidOnly(false)
            .setCreditLimitMinor(0L)
            .setEffectiveTime(Instant.parse("2026-01-01T00:00:00Z"))
            .build();
    Instant t = Instant.now().minus(Duration.ofHours(1));
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    List<SoakTraffic.Record> events = new ArrayList<>();
    for (String[] e : new String[][] {{"e1", "10000"}, {"e2", "500"}, {"e3", "1"}}) {
      events.add(
          new SoakTraffic.Record(
              "acct-000001",
              codec.encode(
                  ActivityEvent.newBuilder()
                      .setEventId(e[0])
                      .setAccountId("acct-000001")
                      .setMeter("data_transfer_gb")
                      .setQuantity(new BigDecimal(e[1]).setScale(6))
                      .setEventTime(t)
                      .setAttributes(Map.of("region", "us"))
                      .setValue(null)
                      .setUnitPrice(null)
                      .setSource("test")
                      .build())));
    }
    // with a wallet (credit granted): without one the negative charge goes out as a charge,
    // unfunded
    BalanceCommand credit =
        BalanceCommand.newBuilder()
            .setCommandId("credit")
            .setAccountId("acct-000001")
            .setType(BalanceCommandType.GRANT)
            .setGrantKind(BalanceGrantKind.PROMOTIONAL)
            .setAmountMinor(500)
            .setCurrency("USD")
            .setPriority(10)
            .setIssuedAt(t.minusSeconds(60))
            .setSource("test")
            .build();
    Outcome reference =
        EngineReference.compute(
            SoakTraffic.of(List.of(usd), List.of(credit), events), rules(), CONFIG);

    assertThat(reference.poison()).isEmpty();
    // e1 is charged (from the credit and on account), e2 is the credit of the tier crossing, e3 a
    // charge
    assertThat(reference.charges().values()).anyMatch(a -> a.minor() < 0);
    assertThat(reference.chargeCopies().values()).containsOnly(1);
  }

  private static List<PricingRule> rules() throws Exception {
    return Soak.rules(
        new Soak.Settings(
            1,
            1,
            0,
            FaultPlan.Order.ROUND_ROBIN,
            1,
            0,
            Duration.ofMinutes(1),
            RULES.resolve("examples"),
            RULES.resolve("promotions"),
            RULES.resolve("chart-of-accounts"),
            Soak.ReferenceKind.ENGINE));
  }
}

package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.JAN_15;
import static io.rateflow.ledger.LedgerFixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bytes an account's ledger takes in keyed state: the same ledger back, and few of them. */
class AccountLedgerCodecTest {

  private static final ChartBook CHARTS = ChartBook.of(LedgerFixtures.chart());
  private static final long NONE = Long.MIN_VALUE;
  private static final long CLOSES = Instant.parse("2026-01-16T05:00:00Z").toEpochMilli() - 1;

  /** A charge with ids as long as the job's (a 36-character charge id is not stored). */
  private static ChargeFact charge(
      String account, String product, long minor, String region, Instant time) {
    return new ChargeFact(
        "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b" + minor,
        "evt-" + minor,
        account,
        product,
        minor,
        USD,
        FundingSource.ON_ACCOUNT,
        null,
        time,
        region,
        "smb",
        "RF-US",
        "CUST-" + account);
  }

  @Test
  void aLedgerComesBackTheSameAndBehavesTheSame() {
    AccountLedger ledger =
        new AccountLedger(new LedgerSettings(Duration.ofHours(6).toMillis(), true));
    ledger.post(charge("acct-000123", "api-calls", 100, "us-east", JAN_15), CHARTS, Long.MIN_VALUE);
    ledger.post(charge("acct-000123", "api-calls", -30, "eu-west", JAN_15), CHARTS, Long.MIN_VALUE);
    ledger.post(charge("acct-000123", "gpu-seconds", 7, "", JAN_15), CHARTS, Long.MIN_VALUE);
    ledger.advance(CLOSES);
    ledger.post(
        charge("acct-000123", "api-calls", 11, "us-east", JAN_15),
        CHARTS,
        CLOSES + 1); // replaced once
    ledger.post(
        charge("acct-000123", "api-calls", 12, "us-east", JAN_15.plus(Duration.ofDays(1))),
        CHARTS,
        CLOSES + 1);

    byte[] bytes = ledger.toBytes();
    AccountLedger copy = AccountLedger.fromBytes(bytes);

    assertThat(copy.toBytes()).isEqualTo(bytes);
    assertThat(copy.settings()).isEqualTo(ledger.settings());
    assertThat(copy.nextDeadline()).isEqualTo(ledger.nextDeadline());
    // the same outcomes from here on: a second replacement, a correction, the next day's close
    ChargeFact late = charge("acct-000123", "api-calls", 13, "us-east", JAN_15);
    assertThat(copy.post(late, CHARTS, CLOSES + 2))
        .isEqualTo(ledger.post(late, CHARTS, CLOSES + 2));
    assertThat(copy.advance(Long.MAX_VALUE)).isEqualTo(ledger.advance(Long.MAX_VALUE));
    assertThat(copy.isEmpty()).isTrue();
  }

  @Test
  void oneOpenDayOfOneProductTakesWellUnder200Bytes() {
    AccountLedger ledger = new AccountLedger();
    // as in the job: a watermark a few seconds behind the events (stored, 7 bytes)
    long watermark = JAN_15.minusSeconds(5).toEpochMilli();
    for (int i = 1; i <= 50; i++) {
      ledger.post(charge("acct-000123", "api-calls", i, "us-east", JAN_15), CHARTS, watermark);
    }
    int oneDay = ledger.toBytes().length;
    ledger.post(charge("acct-000123", "gpu-seconds", 5, "us-east", JAN_15), CHARTS, watermark);
    int twoProducts = ledger.toBytes().length;
    System.out.printf(
        "account ledger bytes: empty %d, one open day of one product %d, two products %d%n",
        new AccountLedger().toBytes().length, oneDay, twoProducts);

    assertThat(oneDay).isLessThan(120);
    // a second product adds its day and its own GL account, not another copy of the strings
    assertThat(twoProducts - oneDay).isLessThan(50);
    assertThat(new AccountLedger().toBytes().length).isLessThan(10);
  }

  @Test
  void storedSettingsApplyUnlessNewOnesAreGiven() {
    AccountLedger ledger = new AccountLedger(new LedgerSettings(1000, true));
    ledger.post(charge("a", "api-calls", 1, "", JAN_15), CHARTS, Long.MIN_VALUE);
    LedgerSettings changed = new LedgerSettings(5000, false);

    assertThat(AccountLedger.fromBytes(ledger.toBytes()).settings()).isEqualTo(ledger.settings());
    AccountLedger reconfigured = AccountLedger.fromBytes(ledger.toBytes(), changed);
    assertThat(reconfigured.settings()).isEqualTo(changed);
    reconfigured.advance(CLOSES);
    assertThat(reconfigured.nextDeadline()).isEqualTo(CLOSES + 5000);
  }

  @Test
  void bytesThatAreNoLedgerAreRefused() {
    AccountLedger ledger = new AccountLedger();
    ledger.post(charge("a", "api-calls", 1, "", JAN_15), CHARTS, Long.MIN_VALUE);
    byte[] bytes = ledger.toBytes();

    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> AccountLedger.fromBytes(truncated))
          .as("cut at " + cut)
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> AccountLedger.fromBytes(longer)).hasMessageContaining("trailing");
    byte[] otherFormat = bytes.clone();
    otherFormat[0] = 9;
    assertThatThrownBy(() -> AccountLedger.fromBytes(otherFormat)).hasMessageContaining("format 9");
  }

  @Test
  void theRolesOfRecurringChargesAndTrueUpsComeBackTheSame() {
    ChartBook charts = ChartBook.of(LedgerFixtures.chartWithRecurring());
    AccountLedger ledger =
        new AccountLedger(new LedgerSettings(Duration.ofHours(6).toMillis(), false));
    ledger.post(LedgerFixtures.charge("1", 1000, RevenueKind.RECURRING, "seats"), charts, NONE);
    ledger.post(LedgerFixtures.charge("2", -200, RevenueKind.PRORATION, "seats"), charts, NONE);
    ledger.post(
        LedgerFixtures.charge("3", 2500, RevenueKind.MINIMUM_TRUE_UP, "minimum_spend"),
        charts,
        NONE);
    ledger.advance(CLOSES);
    ledger.post(
        LedgerFixtures.charge("4", 100, RevenueKind.SUBSCRIPTION_FEE, "seats"), charts, NONE);

    byte[] bytes = ledger.toBytes();
    AccountLedger copy = AccountLedger.fromBytes(bytes);

    assertThat(copy.toBytes()).isEqualTo(bytes);
    ChargeFact late = LedgerFixtures.charge("5", -300, RevenueKind.PRORATION, "seats");
    LedgerOutcome fromCopy = copy.post(late, charts, CLOSES + 1);
    assertThat(fromCopy).isEqualTo(ledger.post(late, charts, CLOSES + 1));
    assertThat(fromCopy.export().get(1).lines())
        .extracting(JournalLine::role)
        .containsExactly(
            PostingRole.RECEIVABLE_UNBILLED,
            PostingRole.RECURRING_REVENUE,
            PostingRole.PRORATION_CREDITS);
  }

  /**
   * State written before charge kinds (format 1, captured from the code of commit bab0fb0): an
   * exported day of api-calls replaced once by a late charge, lines on 1210, 4000, 2300 and 4900.
   */
  private static final String STATE_BEFORE_CHARGE_KINDS =
      "0180aea60a0280d2e5d2f8660106616363742d3101010552462d555301096170692d63616c6c730103555344"
          + "e8bf0280a2951104020107746573742d676c0204000104313231300108435553542d303031010775732d"
          + "65617374de01010104343030300809af010201043233303008093b0401043439303008090e";

  @Test
  void stateWrittenBeforeChargeKindsStillDecodesAndCarriesOn() {
    byte[] old = HexFormat.of().parseHex(STATE_BEFORE_CHARGE_KINDS);

    AccountLedger ledger = AccountLedger.fromBytes(old);

    assertThat(ledger.toBytes()).isEqualTo(old);
    assertThat(ledger.settings()).isEqualTo(new LedgerSettings(21_600_000L, false));
    assertThat(ledger.nextDeadline()).isEqualTo(CLOSES + 21_600_000L);
    // a late true-up on that day: the stored summary is reversed and replaced, new line included
    LedgerOutcome out =
        ledger.post(
            LedgerFixtures.charge("9", 50, RevenueKind.MINIMUM_TRUE_UP, "api-calls"),
            ChartBook.of(LedgerFixtures.chartWithRecurring()),
            CLOSES + 2);
    assertThat(out.export()).hasSize(2);
    assertThat(out.export().get(0).lines())
        .extracting(l -> l.glAccount() + " " + l.netDebitMinor())
        .containsExactly("1210 -111", "4000 88", "2300 30", "4900 -7");
    assertThat(out.export().get(1).lines())
        .extracting(l -> l.role() + " " + l.glAccount() + " " + l.netDebitMinor())
        .containsExactly(
            "RECEIVABLE_UNBILLED 1210 161",
            "USAGE_REVENUE 4000 -88",
            "CUSTOMER_PREPAYMENTS 2300 -30",
            "PROMOTIONAL_DISCOUNT 4900 7",
            "MINIMUM_COMMITMENT_REVENUE 4200 -50");
  }
}

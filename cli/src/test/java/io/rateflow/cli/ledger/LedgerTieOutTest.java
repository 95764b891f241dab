package io.rateflow.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.job.LedgerMapping;
import io.rateflow.ledger.AccountLedger;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.LedgerOutcome;
import io.rateflow.ledger.LedgerSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reconcile} at the GL export's grain: summaries tie to the charges they sum, open days are
 * awaiting day close (no difference), late entries on erp-gl-corrections count, and a lost summary
 * or a charge without an entry is a difference. The export is made by the ledger itself.
 */
class LedgerTieOutTest {

  private static final ChartBook CHARTS = charts();
  private static final YearMonth JAN = YearMonth.of(2026, 1);

  /** Noon UTC on the 15th; the 15th in New York (RF-US) closes at 05:00 UTC on the 16th. */
  private static final Instant JAN_15 = Instant.parse("2026-01-15T12:00:00Z");

  private static final long JAN_15_CLOSES =
      Instant.parse("2026-01-16T05:00:00Z").toEpochMilli() - 1;

  /** What the job commits for one account, fed through its ledger as the account operator does. */
  private final List<Charge> charges = new ArrayList<>();

  private final List<io.rateflow.avro.JournalEntry> export = new ArrayList<>();
  private final List<CorrectionRecord> corrections = new ArrayList<>();
  private final AccountLedger ledger =
      new AccountLedger(new LedgerSettings(Duration.ofHours(1).toMillis(), false));

  private void rate(String id, long minor, String funding, Instant at, long watermark) {
    Charge c = charge(id, minor, funding, at);
    collect(ledger.post(LedgerMapping.chargeFact(c), CHARTS, watermark), c);
  }

  private void collect(LedgerOutcome out, Charge c) {
    out.export().forEach(e -> export.add(LedgerMapping.toAvro(e)));
    out.corrections().forEach(r -> corrections.add(LedgerMapping.toAvro(r)));
    if (c != null) {
      c.setJournalEntryId(out.journalEntryId());
      charges.add(c);
    }
  }

  private LedgerTieOut.Result reconcile() {
    return LedgerTieOut.reconcile(
        CHARTS, JAN, LedgerTieOut.Grain.SUMMARY, charges, List.of(), export, corrections);
  }

  @Test
  void closedDaysTieOutToTheMinorUnitAndOpenDaysAreAwaitingNotADifference() {
    rate("1", 1234, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    rate("2", 66, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    rate("3", 500, "ALLOWANCE", JAN_15, Long.MIN_VALUE); // memo: no summary, no id
    rate("4", 700, "ON_ACCOUNT", JAN_15.plus(Duration.ofDays(1)), JAN_15_CLOSES); // closes the 15th

    LedgerTieOut.Result r = reconcile();

    assertThat(export).hasSize(1);
    assertThat(r.tiesOut()).isTrue();
    assertThat(r.charges()).isEqualTo(3);
    assertThat(r.awaitingLines())
        .containsExactly("awaiting day close: 1 charge, 7.00 USD (posting day 2026-01-16)");
    assertThat(r.lines()).allMatch(l -> l.isBalanced()).isNotEmpty();

    // once the 16th closes too, nothing awaits
    collect(ledger.advance(Long.MAX_VALUE), null);
    LedgerTieOut.Result after = reconcile();
    assertThat(after.tiesOut()).isTrue();
    assertThat(after.awaiting()).isZero();
    assertThat(after.charges()).isEqualTo(4);
  }

  @Test
  void theCommandSaysWhatAwaitsAndExitsZeroWhenAllElseTies() {
    rate("1", 1234, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    ReconcileCommand command = new ReconcileCommand();
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    command.out = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
    command.period = JAN;
    command.chargesTopic = "charges";
    command.movementsTopic = "balance-movements";
    command.journalTopic = "erp-gl-export";
    command.correctionsTopic = "erp-gl-corrections";

    assertThat(command.print(reconcile(), LedgerTieOut.Grain.SUMMARY)).isZero();
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("  awaiting day close: 1 charge, 12.34 USD (posting day 2026-01-15)")
        .contains("ties out: 0 cells agree; 1 charges of open days not yet exported");

    charges.add(charge("2", 5, "ON_ACCOUNT", JAN_15)); // never posted
    printed.reset();
    assertThat(command.print(reconcile(), LedgerTieOut.Grain.SUMMARY)).isEqualTo(1);
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("does NOT tie out: 2 cell(s) differ");
  }

  @Test
  void
      lateChargesWithinTheLatenessTieOutThroughReversalAndReplacementLaterOnesThroughCorrections() {
    rate("1", 100, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    collect(ledger.advance(JAN_15_CLOSES), null);
    rate("2", 10, "ON_ACCOUNT", JAN_15, JAN_15_CLOSES + 1); // reversal + replacement
    rate("3", 1, "PREPAID", JAN_15, JAN_15_CLOSES + Duration.ofHours(2).toMillis()); // correction

    LedgerTieOut.Result r = reconcile();

    assertThat(export)
        .extracting(e -> e.getKind())
        .containsExactly("SUMMARY", "REVERSAL", "SUMMARY");
    assertThat(corrections).hasSize(1);
    assertThat(r.corrected()).isEqualTo(1);
    assertThat(r.tiesOut()).isTrue();
    // without the corrections the prepaid charge is missing from the GL
    assertThat(
            LedgerTieOut.reconcile(
                    CHARTS, JAN, LedgerTieOut.Grain.SUMMARY, charges, List.of(), export, List.of())
                .tiesOut())
        .isFalse();
  }

  @Test
  void aLostSummaryOrAChargeWithoutAnEntryIsADifference() {
    rate("1", 100, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    collect(ledger.advance(Long.MAX_VALUE), null);
    assertThat(reconcile().tiesOut()).isTrue();

    // a charge whose ledger never saw it (no id): facts say 2.00 more than the GL
    Charge unposted = charge("9", 200, "ON_ACCOUNT", JAN_15);
    charges.add(unposted);
    LedgerTieOut.Result r = reconcile();
    assertThat(r.tiesOut()).isFalse();
    assertThat(r.lines())
        .filteredOn(l -> !l.isBalanced())
        .extracting(l -> Math.abs(l.differenceMinor()))
        .containsOnly(200L);

    // a summary lost on the way cannot be told from a day not closed yet: its charges await, and
    // the
    // line names their posting days, so a day that should long be closed stands out
    charges.remove(unposted);
    LedgerTieOut.Result lost =
        LedgerTieOut.reconcile(
            CHARTS, JAN, LedgerTieOut.Grain.SUMMARY, charges, List.of(), List.of(), List.of());
    assertThat(lost.awaitingLines())
        .containsExactly("awaiting day close: 1 charge, 1.00 USD (posting day 2026-01-15)");
  }

  @Test
  void movementsTieOutWithTheirOwnEntries() {
    BalanceMovementRecord topUp =
        BalanceMovementRecord.newBuilder()
            .setMovementId("m-1")
            .setAccountId("acct-1")
            .setKind("TOP_UP")
            .setGrantKind("PREPAID")
            .setGrantId("g-1")
            .setAmountMinor(5000)
            .setCurrency("USD")
            .setCurrencyDigits(2)
            .setCause("cmd-1")
            .setAt(JAN_15)
            .setLegalEntity("RF-US")
            .setGlCustomerCode("CUST-1")
            .setRegion("us-east")
            .build();
    collect(ledger.post(LedgerMapping.movementFact(topUp), CHARTS, Long.MIN_VALUE), null);

    LedgerTieOut.Result r =
        LedgerTieOut.reconcile(
            CHARTS, JAN, LedgerTieOut.Grain.SUMMARY, charges, List.of(topUp), export, corrections);

    assertThat(r.movements()).isEqualTo(1);
    assertThat(r.tiesOut()).isTrue();
    assertThat(
            LedgerTieOut.reconcile(
                    CHARTS,
                    JAN,
                    LedgerTieOut.Grain.SUMMARY,
                    charges,
                    List.of(topUp),
                    List.of(),
                    corrections)
                .tiesOut())
        .isFalse();
  }

  @Test
  void recurringChargesFeesProrationCreditsAndTrueUpsTieOutOnTheirOwnRoles() {
    rateKind("1", 3000, "RECURRING", "seats", JAN_15, Long.MIN_VALUE);
    rateKind("2", 500, "PRORATION", "seats", JAN_15, Long.MIN_VALUE);
    rateKind("3", -200, "PRORATION", "seats", JAN_15, Long.MIN_VALUE);
    rateKind("4", 4900, "SUBSCRIPTION_FEE", "fee:platform", JAN_15, Long.MIN_VALUE);
    rateKind("5", 2500, "MINIMUM_TRUE_UP", "minimum_spend", JAN_15, Long.MIN_VALUE);
    rate("6", 100, "ON_ACCOUNT", JAN_15, Long.MIN_VALUE);
    collect(ledger.advance(JAN_15_CLOSES), null);
    // a late charge lowers the true-up after the day closed: reversal and replacement
    rateKind("7", -400, "MINIMUM_TRUE_UP", "minimum_spend", JAN_15, JAN_15_CLOSES + 1);

    LedgerTieOut.Result r = reconcile();

    assertThat(r.tiesOut()).isTrue();
    assertThat(r.charges()).isEqualTo(7);
    assertThat(r.lines())
        .extracting(l -> l.key().role().name() + " " + l.key().product())
        .contains(
            "RECURRING_REVENUE seats",
            "PRORATION_CREDITS seats",
            "RECURRING_REVENUE fee:platform",
            "MINIMUM_COMMITMENT_REVENUE minimum_spend",
            "USAGE_REVENUE api_calls");
    // the kind decides the cell: read as usage, the true-up is a difference
    charges.get(4).setChargeKind("USAGE");
    assertThat(reconcile().tiesOut()).isFalse();
  }

  private void rateKind(String id, long minor, String kind, String meter, Instant at, long wm) {
    Charge c = charge(id, minor, "ON_ACCOUNT", at);
    c.setChargeKind(kind);
    c.setMeter(meter);
    collect(ledger.post(LedgerMapping.chargeFact(c), CHARTS, wm), c);
  }

  @Test
  void theDetailTopicHoldsEveryChargeAtOnce() {
    AccountLedger detailed = new AccountLedger(new LedgerSettings(0, true));
    List<io.rateflow.avro.JournalEntry> detail = new ArrayList<>();
    for (String id : List.of("1", "2")) {
      Charge c = charge(id, 100, "ON_ACCOUNT", JAN_15);
      LedgerOutcome out = detailed.post(LedgerMapping.chargeFact(c), CHARTS, Long.MIN_VALUE);
      c.setJournalEntryId(out.journalEntryId());
      out.detail().forEach(e -> detail.add(LedgerMapping.toAvro(e)));
      charges.add(c);
    }

    LedgerTieOut.Result r =
        LedgerTieOut.reconcile(
            CHARTS, JAN, LedgerTieOut.Grain.DETAIL, charges, List.of(), detail, List.of());

    assertThat(r.tiesOut()).isTrue();
    assertThat(r.awaiting()).isZero();
    assertThat(r.charges()).isEqualTo(2);
    assertThat(ReconcileCommand.grain("erp-gl-detail")).isEqualTo(LedgerTieOut.Grain.DETAIL);
    assertThat(ReconcileCommand.grain("staging-gl-detail")).isEqualTo(LedgerTieOut.Grain.DETAIL);
    assertThat(ReconcileCommand.grain("erp-gl-export")).isEqualTo(LedgerTieOut.Grain.SUMMARY);
  }

  private static ChartBook charts() {
    try {
      return ReconcileCommand.chartsFromFiles(Path.of("..", "pricing-rules", "chart-of-accounts"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Charge charge(String id, long minor, String funding, Instant at) {
    return Charge.newBuilder()
        .setChargeId("c-" + id)
        .setEventId("e-" + id)
        .setAccountId("acct-1")
        .setMeter("api_calls")
        .setQuantity(new BigDecimal("1.000000"))
        .setAmountMinor(minor)
        .setCurrency("USD")
        .setCurrencyDigits(2)
        .setRuleSetId("r")
        .setRuleVersion(1)
        .setPriceModel("flat")
        .setBillingPeriod("2026-01")
        .setFundingSource(funding)
        .setFundingGrantId(funding.equals("ON_ACCOUNT") ? null : "g-1")
        .setStatus("BILLED")
        .setEventTime(at)
        .setRatedAt(at)
        .setLegalEntity("RF-US")
        .setRegion("us-east")
        .setGlCustomerCode("CUST-1")
        .setBreakdown(List.of())
        .build();
  }
}

package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static io.rateflow.job.JournalTestData.chartDocument;
import static io.rateflow.job.JournalTestData.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.EntryKind;
import io.rateflow.ledger.FundingSource;
import io.rateflow.ledger.Journal;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.MovementKind;
import io.rateflow.ledger.RevenueKind;
import io.rateflow.pricing.ChargeKind;
import io.rateflow.schema.AvroCodec;
import org.junit.jupiter.api.Test;

/** Avro records to ledger facts and back. */
class LedgerMappingTest {
  static final Journal JOURNAL =
      new Journal(ChartOfAccountsParser.parse("rateflow-gl.yaml", chartDocument()));

  @Test
  void anEntrySurvivesTheWireUnchanged() throws Exception {
    JournalEntry entry =
        JOURNAL.post(
            LedgerMapping.chargeFact(
                charge("c1", "A", 987, "2026-11-10T10:00:00Z")
                    .setFundingSource("PROMOTIONAL")
                    .setFundingGrantId("g-7")
                    .build()));
    var codec = AvroCodec.of(io.rateflow.avro.JournalEntry.class);
    JournalEntry back =
        LedgerMapping.fromAvro(codec.decode(codec.encode(LedgerMapping.toAvro(entry))));
    assertThat(back).isEqualTo(entry);
    assertThat(LedgerMapping.toAvro(entry).getCurrencyDigits()).isEqualTo(2);
  }

  @Test
  void chargeFieldsMapOneToOne() {
    var fact =
        LedgerMapping.chargeFact(
            charge("c1", "A", 5, "2026-11-10T10:00:00Z").setFundingSource("PREPAID").build());
    assertThat(fact.fundingSource()).isEqualTo(FundingSource.PREPAID);
    assertThat(fact.legalEntity()).isEqualTo("RF-US");
    assertThat(fact.glCustomerCode()).isEqualTo("C-A");
    assertThat(fact.product()).isEqualTo("api_calls");
    assertThatThrownBy(
            () ->
                LedgerMapping.chargeFact(
                    charge("c2", "A", 5, "2026-11-10T10:00:00Z").setCurrency("XYZ1").build()))
        .hasMessageContaining("c2")
        .hasMessageContaining("ISO-4217");
  }

  @Test
  void theChargeKindPicksTheRevenueKindAndEveryKindOfThePricingEngineHasOne() {
    for (ChargeKind kind : ChargeKind.values()) {
      var fact =
          LedgerMapping.chargeFact(
              charge("c1", "A", 5, "2026-11-10T10:00:00Z").setChargeKind(kind.name()).build());
      assertThat(fact.kind()).isEqualTo(RevenueKind.valueOf(kind.name()));
    }
    assertThat(RevenueKind.values()).hasSameSizeAs(ChargeKind.values());
    // written before charge kinds: usage
    assertThat(
            LedgerMapping.chargeFact(charge("c1", "A", 5, "2026-11-10T10:00:00Z").build()).kind())
        .isEqualTo(RevenueKind.USAGE);
    assertThat(
            LedgerMapping.chargeFact(
                    charge("c1", "A", 5, "2026-11-10T10:00:00Z").setChargeKind("").build())
                .kind())
        .isEqualTo(RevenueKind.USAGE);
    assertThatThrownBy(
            () ->
                LedgerMapping.chargeFact(
                    charge("c3", "A", 5, "2026-11-10T10:00:00Z").setChargeKind("REFUND").build()))
        .hasMessageContaining("c3")
        .hasMessageContaining("charge_kind 'REFUND'");
  }

  @Test
  void aTrueUpOnTheShippedChartIsBookedOnTheMinimumCommitmentAccount() {
    JournalEntry entry =
        JOURNAL.post(
            LedgerMapping.chargeFact(
                charge("c1", "A", 2500, "2026-11-30T23:00:00Z")
                    .setMeter("minimum_spend")
                    .setChargeKind("MINIMUM_TRUE_UP")
                    .build()));
    assertThat(entry.kind()).isEqualTo(EntryKind.MINIMUM_TRUE_UP);
    assertThat(entry.lines())
        .extracting(l -> l.role() + " " + l.glAccount() + " " + l.netDebitMinor())
        .containsExactly("RECEIVABLE_UNBILLED 1210 2500", "MINIMUM_COMMITMENT_REVENUE 4200 -2500");
  }

  @Test
  void movementsTurnFromTheAccountsSignToTheLedgersDirection() {
    assertThat(
            LedgerMapping.movementFact(
                    movement("m", "A", "REVOKE", "PREPAID", -300, "2026-11-10T10:00:00Z").build())
                .amountMinor())
        .isEqualTo(300);
    assertThat(
            LedgerMapping.movementFact(
                    movement("m", "A", "EXPIRY", "PREPAID", -20, "2026-11-10T10:00:00Z").build())
                .amountMinor())
        .isEqualTo(20);
    var down =
        LedgerMapping.movementFact(
            movement("m", "A", "ADJUST", "PREPAID", -50, "2026-11-10T10:00:00Z").build());
    assertThat(down.amountMinor()).isEqualTo(-50);
    assertThat(down.kind()).isEqualTo(MovementKind.ADJUST);
    assertThat(
            LedgerMapping.notJournaled(
                movement("m", "A", "USAGE", "PREPAID", -5, "2026-11-10T10:00:00Z").build()))
        .contains("charge");
    assertThat(
            LedgerMapping.notJournaled(
                movement("m", "A", "GRANT", "ALLOWANCE", 0, "2026-11-10T10:00:00Z").build()))
        .contains("units");
  }
}

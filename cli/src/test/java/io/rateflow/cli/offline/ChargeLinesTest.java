package io.rateflow.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rateflow.avro.Charge;
import org.junit.jupiter.api.Test;

/**
 * A charge as a JSON line and back: the drill-down id the streaming ledger sets, the charge's kind,
 * its unit amount and the period's aggregate travel with it.
 */
class ChargeLinesTest {
  private static final String LINE =
      "{\"charge_id\":\"c-1\",\"event_id\":\"e-1\",\"account_id\":\"acme\",\"meter\":\"api_calls\","
          + "\"quantity\":\"12\",\"amount\":\"1.20\",\"amount_minor\":120,\"currency\":\"USD\","
          + "\"event_time\":\"2026-11-30T09:00:00Z\",\"legal_entity\":\"RF-US\",\"gl_customer_code\":\"C-ACME\"";

  @Test
  void aChargeWithItsSummaryIdKeepsItBothWays() throws Exception {
    Charge c = JsonLines.chargeFrom(LINE + ",\"journal_entry_id\":\"je-42\"}");
    assertThat(c.getJournalEntryId()).isEqualTo("je-42");
    String written = JsonLines.charge(c);
    assertThat(written).contains("\"journal_entry_id\":\"je-42\"");
    assertThat(JsonLines.chargeFrom(written).getJournalEntryId()).isEqualTo("je-42");
  }

  @Test
  void aChargeOutsideTheLedgerHasNoSummaryIdField() throws Exception {
    // what 'rate' writes (it runs no ledger): the same line as before issue 10
    Charge c = JsonLines.chargeFrom(LINE + "}");
    assertThat(c.getJournalEntryId()).isNull();
    assertThat(JsonLines.charge(c)).doesNotContain("journal_entry_id");
  }

  @Test
  void aProrationKeepsItsKindUnitAmountAndPeriodAggregateBothWays() throws Exception {
    Charge c =
        JsonLines.chargeFrom(
            LINE
                + ",\"charge_kind\":\"PRORATION\",\"unit_amount\":\"0.100000\","
                + "\"period_aggregate\":\"-3.5\"}");
    assertThat(c.getChargeKind()).isEqualTo("PRORATION");
    assertThat(c.getUnitAmount()).isEqualTo("0.100000");
    assertThat(c.getPeriodAggregate()).isEqualTo("-3.5");

    String written = JsonLines.charge(c);
    assertThat(written)
        .contains(
            "\"quantity\":\"12\",\"unit_amount\":\"0.100000\",\"amount\":\"1.20\"",
            "\"charge_kind\":\"PRORATION\"",
            "\"period_aggregate\":\"-3.5\"");
    Charge back = JsonLines.chargeFrom(written);
    assertThat(back.getChargeKind()).isEqualTo("PRORATION");
    assertThat(back.getUnitAmount()).isEqualTo("0.100000");
    assertThat(back.getPeriodAggregate()).isEqualTo("-3.5");
  }

  @Test
  void aLineOfAnEarlierRunIsAUsageChargeWithoutUnitAmountOrAggregate() throws Exception {
    Charge c = JsonLines.chargeFrom(LINE + "}");
    assertThat(c.getChargeKind()).isEqualTo("USAGE");
    assertThat(c.getUnitAmount()).isNull();
    assertThat(c.getPeriodAggregate()).isNull();
    // a true-up: its kind, but no unit amount
    c.setChargeKind("MINIMUM_TRUE_UP");
    String written = JsonLines.charge(c);
    assertThat(written)
        .contains("\"charge_kind\":\"MINIMUM_TRUE_UP\"")
        .doesNotContain("unit_amount", "period_aggregate");
  }

  @Test
  void aUnitAmountThatIsNoNumberIsRefused() {
    assertThatThrownBy(() -> JsonLines.chargeFrom(LINE + ",\"unit_amount\":\"ten\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unit_amount 'ten' is not a decimal number");
  }
}

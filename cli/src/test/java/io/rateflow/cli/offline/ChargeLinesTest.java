package io.rateflow.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import org.junit.jupiter.api.Test;

/**
 * A charge as a JSON line and back: the drill-down id the streaming ledger sets travels with it.
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
}

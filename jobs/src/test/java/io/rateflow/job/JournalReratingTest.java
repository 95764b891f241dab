package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static io.rateflow.job.JournalTestData.chartDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalLine;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import org.junit.jupiter.api.Test;

/** Re-rating on wire records books only the difference. */
class JournalReratingTest {
  final JournalRerating rerating =
      new JournalRerating(
          ChartBook.of(ChartOfAccountsParser.parse("rateflow-gl.yaml", chartDocument())));

  @Test
  void aPriceIncreaseBooksOnlyTheDifferenceWithAStableId() {
    Charge before = charge("c1", "A", 1000, "2026-11-10T10:00:00Z").build();
    Charge after = charge("c1", "A", 1250, "2026-11-10T10:00:00Z").setRuleVersion(2L).build();

    var adjustment = rerating.rerate(before, after, "usd v2").orElseThrow();

    assertThat(adjustment.getKind()).isEqualTo("RERATE_ADJUSTMENT");
    assertThat(adjustment.getLines())
        .extracting(JournalLine::getRole, JournalLine::getDebitMinor, JournalLine::getCreditMinor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RECEIVABLE_UNBILLED", 250L, 0L),
            org.assertj.core.groups.Tuple.tuple("USAGE_REVENUE", 0L, 250L));
    assertThat(rerating.rerate(before, after, "usd v2").orElseThrow().getEntryId())
        .isEqualTo(adjustment.getEntryId());
    assertThat(rerating.rerate(before, before, "usd v2")).isEmpty();
  }
}

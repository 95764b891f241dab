package io.rateflow.job;

import static io.rateflow.job.JournalTestData.chart;
import static io.rateflow.job.JournalTestData.chartDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PricingRule;
import io.rateflow.ledger.EntryIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration part of the account operator: rules, promotions and charts in one broadcast
 * state.
 */
class ConfigCatalogueTest {
  static final long NOW = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
  final RatingConfig config = RatingConfig.defaults("unused:9092");
  AccountHarness h;

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  @Test
  void pricingVersionsAndChartsShareTheBroadcastStateAndAreParsedAgainAfterARestore()
      throws Exception {
    h = new AccountHarness(config, NOW);
    h.rule(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1));
    h.rule(chart(chartDocument(), 1));
    h.rule(chart(chartDocument(), 1)); // the same version again, same content: nothing happens
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, PricingRule> e :
        h.harness.getBroadcastState(AccountProcessor.RULES).entries()) {
      keys.add(e.getKey());
    }
    assertThat(keys).containsExactlyInAnyOrder("PRICING/usd@1", "CHART_OF_ACCOUNTS/rateflow-gl@1");
    h.profile("A", false);
    OperatorSubtaskState snapshot = h.harness.snapshot(1L, NOW);
    h.close();

    h = new AccountHarness(config, NOW, snapshot);
    h.event("e1", "A", "3", "2026-11-10T10:00:00Z");
    assertThat(h.charges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getAmountMinor()).isEqualTo(30L);
              assertThat(c.getJournalEntryId())
                  .isEqualTo(
                      EntryIds.of("SUMMARY", "RF-US", "A", "api_calls", "2026-11-10", "USD"));
            });
    assertThat(h.side(RatingPipeline.REJECTED_RULES)).isEmpty();
  }

  @Test
  void theLedgerTotalsAndTheDayTimerSurviveARestore() throws Exception {
    h = new AccountHarness(config, NOW);
    h.rule(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1));
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    h.event("e1", "A", "3", "2026-11-10T10:00:00Z");
    OperatorSubtaskState snapshot = h.harness.snapshot(1L, NOW);
    h.close();

    h = new AccountHarness(config, NOW, snapshot);
    assertThat(h.harness.numEventTimeTimers()).isEqualTo(1);
    h.event("e2", "A", "4", "2026-11-10T11:00:00Z");
    h.watermark("2026-11-11T05:00:00Z");
    assertThat(h.charges()).extracting(Charge::getAmountMinor).containsExactly(40L);
    assertThat(h.side(RatingPipeline.JOURNAL))
        .singleElement()
        .satisfies(
            (JournalEntry s) ->
                assertThat(s.getLines().stream().mapToLong(l -> l.getDebitMinor()).sum())
                    .isEqualTo(30L + 40L));
  }

  @Test
  void chartsAreIgnoredWithTheLedgerOff() throws Exception {
    h = new AccountHarness(config.toBuilder().ledgerEnabled(false).build(), NOW);
    h.rule(chart("not: [a chart", 1));
    assertThat(h.side(RatingPipeline.REJECTED_RULES)).isEmpty();
    assertThat(h.harness.getBroadcastState(AccountProcessor.RULES).entries()).isEmpty();
  }
}

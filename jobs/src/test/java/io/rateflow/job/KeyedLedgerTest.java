package io.rateflow.job;

import static io.rateflow.job.JournalTestData.chart;
import static io.rateflow.job.JournalTestData.chartDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.ledger.EntryIds;
import io.rateflow.schema.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger inside the account operator, on Flink's harness: charges roll into daily summaries
 * closed by one event-time timer per account, carry the id of their summary, late charges adjust
 * it, and facts the ledger cannot post (yet) wait or go to the dead letter.
 */
class KeyedLedgerTest {
  static final long NOW = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();

  /** 2026-11-10 in New York (RF-US) ends at 05:00 UTC on the 11th. */
  static final String DAY_END = "2026-11-11T05:00:00Z";

  static final String SUMMARY_A =
      EntryIds.of("SUMMARY", "RF-US", "A", "api_calls", "2026-11-10", "USD");

  final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder()
          .pendingTimeout(Duration.ofSeconds(30))
          .maxPendingPerAccount(2)
          .allowedLateness(Duration.ofDays(2))
          .build();
  AccountHarness h;

  private AccountHarness start(RatingConfig c) throws Exception {
    h = new AccountHarness(c, NOW);
    h.rule(DecoderTest.rule("usd", 1, AccountProcessorTest.USD_V1));
    return h;
  }

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aThousandChargesOfOneDayRegisterOneTimerAndRollIntoOneSummaryTheyPointTo() throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    for (int i = 0; i < 1_000; i++) {
      h.event("e" + i, "A", "1", "2026-11-10T10:00:00Z");
    }
    assertThat(h.charges())
        .hasSize(1_000)
        .allSatisfy(c -> assertThat(c.getJournalEntryId()).isEqualTo(SUMMARY_A));
    assertThat(h.harness.numEventTimeTimers()).isEqualTo(1);
    assertThat(h.side(RatingPipeline.JOURNAL)).isEmpty();

    h.watermark("2026-11-11T04:59:59.998Z");
    assertThat(h.side(RatingPipeline.JOURNAL)).isEmpty();
    h.watermark(DAY_END);

    long charged = h.charges().stream().mapToLong(Charge::getAmountMinor).sum();
    assertThat(charged).isEqualTo(100 * 10 + 900 * 5); // the graduated tiers: 100 × 0.10, then 0.05
    assertThat(h.side(RatingPipeline.JOURNAL))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getEntryId()).isEqualTo(SUMMARY_A);
              assertThat(s.getKind()).isEqualTo("SUMMARY");
              assertThat(debits(s)).isEqualTo(credits(s)).isEqualTo(charged);
            });
    assertThat(h.side(RatingPipeline.JOURNAL_DETAIL)).isEmpty();
    // the day now waits for late charges until its allowed lateness is over: one timer again
    assertThat(h.harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void aLateChargeWithinTheLatenessGivesAReversalAndAReplacementWhoseIdItCarries()
      throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    h.event("e1", "A", "120", "2026-11-10T10:00:00Z"); // P(120) = 100 × 0.10 + 20 × 0.05 = 11.00
    h.watermark("2026-11-12T10:00:00Z");
    assertThat(h.side(RatingPipeline.JOURNAL))
        .extracting(JournalEntry::getEntryId)
        .containsExactly(SUMMARY_A);

    h.event("e2", "A", "10", "2026-11-10T12:00:00Z"); // 10 more at 0.05

    List<JournalEntry> journal = h.side(RatingPipeline.JOURNAL);
    assertThat(journal)
        .extracting(JournalEntry::getKind)
        .containsExactly("SUMMARY", "REVERSAL", "SUMMARY");
    JournalEntry reversal = journal.get(1);
    JournalEntry replacement = journal.get(2);
    assertThat(reversal.getOriginalEntryId()).isEqualTo(SUMMARY_A);
    assertThat(credits(reversal)).isEqualTo(1100L);
    assertThat(replacement.getOriginalEntryId()).isEqualTo(SUMMARY_A);
    assertThat(debits(replacement)).isEqualTo(1150L);
    assertThat(h.charges().get(1).getJournalEntryId())
        .isEqualTo(replacement.getEntryId())
        .isNotEqualTo(SUMMARY_A);
    assertThat(h.side(RatingPipeline.CORRECTIONS)).isEmpty();
  }

  @Test
  void aChargeReleasedAfterTheLatenessIsACorrectionNotAChangedSummary() throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    h.event("e1", "A", "1", "2026-11-10T10:00:00Z");
    h.event("b1", "B", "1", "2026-11-10T10:00:00Z"); // B has no profile yet: it waits
    h.watermark("2026-11-14T00:00:00Z"); // past the 10th's end + 2 days
    h.profile("B", false);

    assertThat(h.charges()).extracting(Charge::getEventId).containsExactly("e1", "b1");
    assertThat(h.side(RatingPipeline.CORRECTIONS))
        .singleElement()
        .satisfies(c -> assertThat(c.getReason()).contains("allowed.lateness"));
    assertThat(h.side(RatingPipeline.JOURNAL))
        .extracting(JournalEntry::getAccountId)
        .containsExactly("A");
  }

  @Test
  void detailEntriesOnlyWithTheSettingOnePerCharge() throws Exception {
    start(config.toBuilder().ledgerDetailEntries(true).build());
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    h.event("e1", "A", "1", "2026-11-10T10:00:00Z");
    h.event("e2", "A", "2", "2026-11-10T11:00:00Z");
    assertThat(h.side(RatingPipeline.JOURNAL_DETAIL))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getKind()).isEqualTo("USAGE_ON_ACCOUNT"));
    assertThat(h.side(RatingPipeline.JOURNAL)).isEmpty();
  }

  @Test
  void aChargeBeforeTheChartGoesOutWithoutAnIdAndIsSummarisedWhenTheChartArrives()
      throws Exception {
    start(config);
    h.profile("A", false);
    h.event("e1", "A", "10", "2026-11-10T10:00:00Z");
    assertThat(h.charges())
        .singleElement()
        .satisfies(c -> assertThat(c.getJournalEntryId()).isNull());

    h.rule(
        chart(
            chartDocument(), 1)); // from the broadcast side: no keyed timer can be registered there
    assertThat(h.harness.numEventTimeTimers()).isZero();
    h.harness.setProcessingTime(NOW + 31_000); // the held fact's own timer asks for the day's close
    assertThat(h.harness.numEventTimeTimers()).isEqualTo(1);
    h.watermark(DAY_END);

    assertThat(h.side(RatingPipeline.JOURNAL))
        .singleElement()
        .satisfies(s -> assertThat(debits(s)).isEqualTo(100L));
    assertThat(h.side(RatingPipeline.LEDGER_REJECTED)).isEmpty();
  }

  @Test
  void aFactNoChartCoversIsRejectedAfterThePendingTimeoutWithItsBytesAndTheWaitIsBounded()
      throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.rule(
        DecoderTest.rule(
            "usd",
            2,
            AccountProcessorTest.USD_V1
                .replace("version: 1", "version: 2")
                .replace("2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z")));
    h.profile("A", false);
    // The chart takes effect on 2026-01-01: 2025 charges wait for an older version, two at most.
    h.event("e1", "A", "1", "2025-12-31T10:00:00Z");
    h.event("e2", "A", "1", "2025-12-31T11:00:00Z");
    h.event("e3", "A", "1", "2025-12-31T12:00:00Z");
    assertThat(h.charges()).hasSize(3);
    assertThat(h.side(RatingPipeline.LEDGER_REJECTED))
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly(KeyedLedger.PENDING_OVERFLOW);

    h.harness.setProcessingTime(NOW + 31_000);

    List<RejectedEvent> rejected = h.side(RatingPipeline.LEDGER_REJECTED);
    assertThat(rejected)
        .extracting(RejectedEvent::getReasonCode)
        .containsExactly(KeyedLedger.PENDING_OVERFLOW, KeyedLedger.NO_CHART, KeyedLedger.NO_CHART);
    assertThat(rejected.get(1).getMessage()).contains("2025-12-31T10:00:00Z", "pending.timeout");
    assertThat(rejected.get(1).getSourceTopic()).isEqualTo(config.chargesTopic());
    Charge replayable = AvroCodec.of(Charge.class).decode(rejected.get(1).getPayload().array());
    assertThat(replayable.getEventId()).isEqualTo("e1");
    assertThat(h.side(RatingPipeline.JOURNAL)).isEmpty();
  }

  @Test
  void aTopUpIsAnEntryOfItsOwnExportedAtOnceAndUsageMovementsAreLeftToTheirCharge()
      throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.profile("P", true);
    h.topUp("t1", "P", 5_000, "2026-11-10T09:00:00Z");
    h.event("e1", "P", "10", "2026-11-10T10:00:00Z");

    assertThat(h.side(RatingPipeline.JOURNAL))
        .extracting(JournalEntry::getKind)
        .containsExactly("PREPAID_TOP_UP");
    assertThat(h.charges())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getJournalEntryId())
                    .isEqualTo(
                        EntryIds.of("SUMMARY", "RF-US", "P", "api_calls", "2026-11-10", "USD")));
  }

  @Test
  void anInvalidOrConflictingChartIsRejectedOnceAndTheVersionInForceStays() throws Exception {
    start(config);
    h.rule(chart(chartDocument(), 1));
    h.rule(
        chart(
            chartDocument()
                .replace("version: 1", "version: 2")
                .replace(
                    "{role: CASH_CLEARING,          account: \"1090\"}", "{role: CASH_CLEARING}"),
            2));
    h.rule(chart(chartDocument().replace("RF-US", "RF-USA"), 1));
    h.profile("A", false);
    h.event("e1", "A", "1", "2026-11-10T10:00:00Z");

    assertThat(h.side(RatingPipeline.REJECTED_RULES))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getProblems()).isNotEmpty())
        .extracting(RejectedRule::getVersion)
        .containsExactly(2L, 1L);
    assertThat(h.side(RatingPipeline.REJECTED_RULES).get(1).getProblems().get(0))
        .contains("already published with different content");
    assertThat(h.charges())
        .singleElement()
        .satisfies(c -> assertThat(c.getJournalEntryId()).isEqualTo(SUMMARY_A));
  }

  @Test
  void withTheLedgerOffNothingIsPostedAndNoDayTimerRegistered() throws Exception {
    start(config.toBuilder().ledgerEnabled(false).build());
    h.rule(chart(chartDocument(), 1));
    h.profile("A", false);
    h.event("e1", "A", "1", "2026-11-10T10:00:00Z");
    h.watermark("2026-11-12T00:00:00Z");
    assertThat(h.charges())
        .singleElement()
        .satisfies(c -> assertThat(c.getJournalEntryId()).isNull());
    assertThat(h.harness.numEventTimeTimers()).isZero();
    assertThat(h.side(RatingPipeline.JOURNAL)).isEmpty();
    assertThat(h.side(RatingPipeline.REJECTED_RULES)).isEmpty();
  }

  private static long debits(JournalEntry e) {
    return e.getLines().stream().mapToLong(JournalLine::getDebitMinor).sum();
  }

  private static long credits(JournalEntry e) {
    return e.getLines().stream().mapToLong(JournalLine::getCreditMinor).sum();
  }
}

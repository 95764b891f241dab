package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static io.rateflow.job.JournalTestData.chart;
import static io.rateflow.job.JournalTestData.chartDocument;
import static io.rateflow.job.JournalTestData.movement;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.ledger.EntryIds;
import io.rateflow.ledger.EntryKind;
import io.rateflow.schema.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal operator on Flink's harness: order between chart and facts, dead letters, ids. */
class JournalProcessorTest {
  final RatingConfig config = RatingConfig.defaults("unused:9092").toBuilder()
      .pendingTimeout(Duration.ofSeconds(30)).maxPendingPerAccount(2).build();
  KeyedBroadcastOperatorTestHarness<String, JournalFact, io.rateflow.avro.PricingRule, JournalEntry> harness;

  @BeforeEach
  void open() throws Exception {
    harness = harness();
  }

  private KeyedBroadcastOperatorTestHarness<String, JournalFact, io.rateflow.avro.PricingRule, JournalEntry> harness()
      throws Exception {
    var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new JournalProcessor(config), JournalFact::accountId, Types.STRING, JournalProcessor.CHARTS);
    h.setProcessingTime(1_000_000L);
    return h;
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aFactThatArrivesBeforeTheChartWaitsAndIsPostedWhenTheChartArrives() throws Exception {
    harness.processElement(JournalFact.of(charge("c1", "A", 1234, "2026-11-10T10:00:00Z").build()), 0);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(unpostable()).isEmpty();

    harness.processBroadcastElement(chart(chartDocument(), 1), 0);

    assertThat(harness.extractOutputValues()).singleElement().satisfies(e -> {
      assertThat(e.getKind()).isEqualTo("USAGE_ON_ACCOUNT");
      assertThat(e.getLegalEntity()).isEqualTo("RF-US");
      assertThat(e.getPostingDate()).isEqualTo(LocalDate.parse("2026-11-10"));
      assertThat(e.getLines()).extracting(JournalLine::getGlAccount, JournalLine::getDebitMinor, JournalLine::getCreditMinor)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("1210", 1234L, 0L),
              org.assertj.core.groups.Tuple.tuple("4000", 0L, 1234L));
      assertThat(e.getChartVersion()).isEqualTo(1L);
    });
    // Nothing is left waiting: the held fact and its counters are gone.
    harness.setProcessingTime(1_000_000L + 60_000);
    assertThat(unpostable()).isEmpty();
  }

  @Test
  void entryIdsAreDeterministicSoAReplayPostsTheSameIds() throws Exception {
    Charge c = charge("c1", "A", 500, "2026-11-10T10:00:00Z").build();
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    harness.processElement(JournalFact.of(c), 0);
    var replay = harness();
    try {
      replay.processElement(JournalFact.of(c), 0);
      replay.processBroadcastElement(chart(chartDocument(), 1), 0);
      assertThat(replay.extractOutputValues()).extracting(JournalEntry::getEntryId)
          .isEqualTo(harness.extractOutputValues().stream().map(JournalEntry::getEntryId).toList())
          .containsExactly(EntryIds.forFact("CHARGE", "c1", EntryKind.USAGE_ON_ACCOUNT));
    } finally {
      replay.close();
    }
  }

  @Test
  void aChargeOfAnAccountWithoutLegalEntityIsBookedByTheChartsDefault() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    harness.processElement(JournalFact.of(charge("c1", "A", 500, "2026-11-10T10:00:00Z").setLegalEntity("").build()), 0);
    assertThat(unpostable()).isEmpty();
    assertThat(harness.extractOutputValues()).singleElement().satisfies(e -> {
      assertThat(e.getLegalEntity()).isEqualTo("RF-US");
      assertThat(e.getLines()).allSatisfy(l -> assertThat(l.getDimensions().getLegalEntity()).isEqualTo("RF-US"));
    });
  }

  @Test
  void aFactTheChartCannotPostGoesToTheDeadLetterWithItsBytes() throws Exception {
    // a chart without default_legal_entity: a charge of an account without one cannot be posted
    String noDefault = chartDocument().replace("default_legal_entity: RF-US\n", "");
    assertThat(noDefault).doesNotContain("default_legal_entity:");
    harness.processBroadcastElement(chart(noDefault, 1), 0);
    Charge unknownEntity = charge("c1", "A", 500, "2026-11-10T10:00:00Z").setLegalEntity("RF-XX").build();
    Charge notBilled = charge("c2", "A", 500, "2026-11-10T10:00:00Z").setStatus("HELD_FOR_REVIEW").build();
    Charge noEntity = charge("c3", "A", 500, "2026-11-10T10:00:00Z").setLegalEntity("").build();
    harness.processElement(JournalFact.of(unknownEntity), 0);
    harness.processElement(JournalFact.of(notBilled), 0);
    harness.processElement(JournalFact.of(noEntity), 0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(unpostable()).extracting(RejectedEvent::getReasonCode)
        .containsExactly(JournalProcessor.UNKNOWN_LEGAL_ENTITY, JournalProcessor.NOT_BILLED,
            JournalProcessor.UNKNOWN_LEGAL_ENTITY);
    assertThat(unpostable().get(2).getMessage()).contains("c3", "declares no default_legal_entity",
        "legal_entity on the account's profile");
    RejectedEvent first = unpostable().get(0);
    assertThat(first.getMessage()).contains("RF-XX", "c1", "legal_entities");
    assertThat(first.getSourceTopic()).isEqualTo(config.chargesTopic());
    assertThat(AvroCodec.of(Charge.class).decode(first.getPayload().array())).isEqualTo(unknownEntity);
  }

  @Test
  void aFactNoChartCoversIsRejectedAfterThePendingTimeoutAndTheWaitIsBounded() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    // The chart takes effect on 2026-01-01: a 2025 fact waits for an older version.
    harness.processElement(JournalFact.of(charge("c1", "A", 100, "2025-12-31T10:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(charge("c2", "A", 100, "2025-12-31T11:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(charge("c3", "A", 100, "2025-12-31T12:00:00Z").build()), 0);
    assertThat(unpostable()).extracting(RejectedEvent::getReasonCode).containsExactly(JournalProcessor.PENDING_OVERFLOW);

    harness.setProcessingTime(1_000_000L + 31_000);

    assertThat(unpostable()).extracting(RejectedEvent::getReasonCode)
        .containsExactly(JournalProcessor.PENDING_OVERFLOW, JournalProcessor.NO_CHART, JournalProcessor.NO_CHART);
    assertThat(unpostable().get(1).getMessage()).contains("2025-12-31T10:00:00Z", "pending.timeout");
    // Nothing is held any more: later time and a later chart reject and post nothing else.
    harness.setProcessingTime(1_000_000L + 120_000);
    harness.processBroadcastElement(chart(chartDocument().replace("version: 1", "version: 2"), 2), 0);
    assertThat(unpostable()).hasSize(3);
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aChargeBeyondThePrepaidLimitIsStillBookedAsOwedOnAccount() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    harness.processElement(JournalFact.of(charge("c1", "A", 500, "2026-11-10T10:00:00Z").setStatus("EXCEEDS_LIMIT").build()), 0);
    assertThat(harness.extractOutputValues()).extracting(JournalEntry::getKind).containsExactly("USAGE_ON_ACCOUNT");
    assertThat(unpostable()).isEmpty();
  }

  @Test
  void movementsArePostedWithTheLedgerSignAndUsageMovementsAreLeftToTheirCharge() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    harness.processElement(JournalFact.of(movement("m1", "A", "TOP_UP", "PREPAID", 5000, "2026-11-10T10:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(movement("m2", "A", "REVOKE", "PREPAID", -1500, "2026-11-11T10:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(movement("m3", "A", "USAGE", "PREPAID", -200, "2026-11-11T10:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(movement("m4", "A", "SETTLEMENT", "PREPAID", -300, "2026-11-11T10:00:00Z").build()), 0);

    assertThat(harness.extractOutputValues()).extracting(JournalEntry::getKind, e -> e.getLines().get(0).getDebitMinor())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PREPAID_TOP_UP", 5000L),
            org.assertj.core.groups.Tuple.tuple("PREPAID_REVOKE", 1500L),
            org.assertj.core.groups.Tuple.tuple("PREPAID_SETTLEMENT", 300L));
    // the settlement moves the prepayment (Dr liability) onto the receivable the overdraft left (Cr)
    JournalEntry settlement = harness.extractOutputValues().get(2);
    assertThat(settlement.getLines()).extracting(l -> l.getRole(), l -> l.getDebitMinor(), l -> l.getCreditMinor())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("CUSTOMER_PREPAYMENTS", 300L, 0L),
            org.assertj.core.groups.Tuple.tuple("RECEIVABLE_UNBILLED", 0L, 300L));
    assertThat(unpostable()).isEmpty();
  }

  @Test
  void postedEntriesWithLinesGoToTheSummariesWithTheEndOfTheirDayInTheEntitysZone() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    // 02:00 UTC on the 11th is still the 10th in New York (RF-US).
    harness.processElement(JournalFact.of(charge("c1", "A", 100, "2026-11-11T02:00:00Z").build()), 0);
    harness.processElement(JournalFact.of(charge("c2", "A", 0, "2026-11-11T02:00:00Z").build()), 0);

    List<SummaryInput> toSummary = harness.getSideOutput(JournalProcessor.FOR_SUMMARY).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(harness.extractOutputValues()).hasSize(2); // the zero charge is a memo entry, still exported
    assertThat(toSummary).singleElement().satisfies(s -> {
      assertThat(s.entry.getPostingDate()).isEqualTo(LocalDate.parse("2026-11-10"));
      assertThat(Instant.ofEpochMilli(s.dayEnd)).isEqualTo(Instant.parse("2026-11-11T05:00:00Z"));
    });
  }

  @Test
  void anInvalidChartIsRejectedOnceAndTheVersionsInForceStay() throws Exception {
    harness.processBroadcastElement(chart(chartDocument(), 1), 0);
    harness.processBroadcastElement(chart(chartDocument().replace("version: 1", "version: 2")
        .replace("{role: CASH_CLEARING,          account: \"1090\"}", "{role: CASH_CLEARING}"), 2), 0);
    harness.processElement(JournalFact.of(charge("c1", "A", 100, "2026-11-10T10:00:00Z").build()), 0);

    List<RejectedRule> rejected = harness.getSideOutput(JournalProcessor.REJECTED_CHARTS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(rejected).singleElement().satisfies(r -> assertThat(r.getProblems()).isNotEmpty());
    assertThat(harness.extractOutputValues()).extracting(JournalEntry::getChartVersion).containsExactly(1L);
  }

  private List<RejectedEvent> unpostable() {
    var side = harness.getSideOutput(JournalProcessor.UNPOSTABLE);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}

package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static io.rateflow.job.JournalTestData.chartDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.JournalLine;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.Journal;
import io.rateflow.ledger.SummaryKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Daily summaries on Flink's harness: closing on the watermark, late entries, final periods. */
class SummaryProcessorTest {
  static final Journal JOURNAL = new Journal(ChartOfAccountsParser.parse("rateflow-gl.yaml", chartDocument()));
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final Duration LATENESS = Duration.ofDays(3);

  KeyedOneInputStreamOperatorTestHarness<String, SummaryInput, JournalEntry> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new SummaryProcessor(LATENESS)), in -> in.key, Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  static SummaryInput posted(String chargeId, long amount, String time) {
    var entry = JOURNAL.post(LedgerMapping.chargeFact(charge(chargeId, "A", amount, time).build()));
    long dayEnd = entry.postingDate().plusDays(1).atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
    return new SummaryInput(SummaryKey.of(entry).summaryEntryId(), dayEnd, LedgerMapping.toAvro(entry));
  }

  static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void aDayIsSummarisedOnceTheWatermarkPassesItsEndInTheEntitysZone() throws Exception {
    harness.processElement(posted("c1", 100, "2026-11-10T10:00:00Z"), 0);
    harness.processElement(posted("c2", 250, "2026-11-11T03:00:00Z"), 0); // still the 10th in New York
    harness.processWatermark(millis("2026-11-11T04:59:59Z"));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(millis("2026-11-11T05:00:00Z"));

    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("SUMMARY");
      assertThat(s.getLines()).extracting(JournalLine::getRole, JournalLine::getDebitMinor, JournalLine::getCreditMinor)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("RECEIVABLE_UNBILLED", 350L, 0L),
              org.assertj.core.groups.Tuple.tuple("USAGE_REVENUE", 0L, 350L));
    });
    harness.processWatermark(millis("2026-11-20T00:00:00Z"));
    assertThat(harness.numKeyedStateEntries()).as("state is released after the allowed lateness").isZero();
  }

  @Test
  void aLateEntryWithinTheAllowedLatenessReversesAndReplacesTheExportedSummary() throws Exception {
    harness.processElement(posted("c1", 100, "2026-11-10T10:00:00Z"), 0);
    harness.processWatermark(millis("2026-11-12T00:00:00Z"));
    JournalEntry exported = harness.extractOutputValues().get(0);

    harness.processElement(posted("c2", 40, "2026-11-10T12:00:00Z"), 0);

    List<JournalEntry> out = harness.extractOutputValues();
    assertThat(out).extracting(JournalEntry::getKind).containsExactly("SUMMARY", "REVERSAL", "SUMMARY");
    JournalEntry reversal = out.get(1);
    JournalEntry replacement = out.get(2);
    assertThat(reversal.getOriginalEntryId()).isEqualTo(exported.getEntryId());
    assertThat(reversal.getLines()).extracting(JournalLine::getCreditMinor).containsExactly(100L, 0L);
    assertThat(replacement.getOriginalEntryId()).isEqualTo(exported.getEntryId());
    assertThat(replacement.getLines()).extracting(JournalLine::getDebitMinor).containsExactly(140L, 0L);

    // A second late entry amends the replacement, not the original.
    harness.processElement(posted("c3", 1, "2026-11-10T13:00:00Z"), 0);
    assertThat(harness.extractOutputValues().get(3).getOriginalEntryId()).isEqualTo(replacement.getEntryId());
    assertThat(harness.extractOutputValues().get(4).getLines()).extracting(JournalLine::getDebitMinor)
        .containsExactly(141L, 0L);
  }

  @Test
  void anEntryLaterThanTheAllowedLatenessBecomesACorrectionAndChangesNothing() throws Exception {
    harness.processElement(posted("c1", 100, "2026-11-10T10:00:00Z"), 0);
    harness.processWatermark(millis("2026-11-20T00:00:00Z"));

    harness.processElement(posted("c2", 40, "2026-11-10T12:00:00Z"), 0);

    assertThat(harness.extractOutputValues()).extracting(JournalEntry::getKind).containsExactly("SUMMARY");
    List<CorrectionRecord> corrections = harness.getSideOutput(SummaryProcessor.CORRECTIONS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(corrections).singleElement().satisfies(c -> {
      assertThat(c.getClosedPeriod()).isEqualTo("2026-11");
      assertThat(c.getLegalEntity()).isEqualTo("RF-US");
      assertThat(c.getLines()).hasSize(2);
      assertThat(c.getReason()).contains("allowed.lateness", "final");
    });
  }

  @Test
  void aLateEntryForADayWithoutSummaryStartsOne() throws Exception {
    harness.processWatermark(millis("2026-11-12T00:00:00Z"));
    harness.processElement(posted("c1", 70, "2026-11-10T10:00:00Z"), 0);
    assertThat(harness.extractOutputValues()).extracting(JournalEntry::getKind, JournalEntry::getOriginalEntryId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SUMMARY", null));
  }
}

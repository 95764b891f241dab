package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The combiner adds up per key and minute and never holds anything past a watermark or a
 * checkpoint.
 */
class AnalyticsCombinerTest {
  OneInputStreamOperatorTestHarness<AnalyticsTotals, AnalyticsTotals> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new AnalyticsCombiner(100));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  void send(String id, String segment, long amount, String time) throws Exception {
    Instant t = Instant.parse(time);
    harness.processElement(
        new StreamRecord<>(
            AnalyticsTotals.of(charge(id, "A", amount, time).setSegment(segment).build()),
            t.toEpochMilli()));
  }

  List<Object> drain() {
    List<Object> out = new ArrayList<>(harness.getOutput());
    harness.getOutput().clear();
    return out;
  }

  @Test
  void addsUpPerKeyAndMinuteAndFlushesBeforeTheWatermark() throws Exception {
    send("a", "smb", 3, "2026-11-10T10:00:01Z");
    send("b", "smb", 4, "2026-11-10T10:00:59.999Z");
    send("c", "smb", 5, "2026-11-10T10:01:00Z");
    send("d", "ent", 6, "2026-11-10T10:00:30Z");
    assertThat(harness.getOutput()).as("held until a watermark").isEmpty();

    harness.processWatermark(new Watermark(Instant.parse("2026-11-10T10:00:40Z").toEpochMilli()));
    List<Object> out = drain();
    assertThat(out).hasSize(4);
    assertThat(out.get(3)).as("the watermark comes after the totals").isInstanceOf(Watermark.class);
    List<String> totals =
        out.subList(0, 3).stream()
            .map(
                o -> {
                  @SuppressWarnings("unchecked")
                  StreamRecord<AnalyticsTotals> r = (StreamRecord<AnalyticsTotals>) o;
                  AnalyticsTotals t = r.getValue();
                  return t.key()
                      + " @"
                      + Instant.ofEpochMilli(r.getTimestamp())
                      + " n="
                      + t.charges
                      + " q="
                      + t.quantity
                      + " rev="
                      + t.revenueMinor;
                })
            .sorted()
            .toList();
    assertThat(totals)
        .containsExactly(
            "api_calls|ent|USD @2026-11-10T10:00:00Z n=1 q=1.000000 rev=6",
            "api_calls|smb|USD @2026-11-10T10:00:00Z n=2 q=2.000000 rev=7",
            "api_calls|smb|USD @2026-11-10T10:01:00Z n=1 q=1.000000 rev=5");
  }

  @Test
  void emptiesBeforeEveryCheckpointBarrierAndOnIdleness() throws Exception {
    send("a", "smb", 3, "2026-11-10T10:00:01Z");
    harness.prepareSnapshotPreBarrier(1L);
    assertThat(drain()).hasSize(1);

    send("b", "smb", 4, "2026-11-10T10:00:02Z");
    harness.processWatermarkStatus(WatermarkStatus.IDLE);
    assertThat(drain()).hasSize(2);
  }

  @Test
  void theInputRecordIsNeverKeptOrChanged() throws Exception {
    AnalyticsTotals reused =
        AnalyticsTotals.of(charge("a", "A", 3, "2026-11-10T10:00:01Z").build());
    long t = Instant.parse("2026-11-10T10:00:01Z").toEpochMilli();
    harness.processElement(new StreamRecord<>(reused, t));
    harness.processElement(new StreamRecord<>(reused, t));
    assertThat(reused.charges).isEqualTo(1);
    assertThat(reused.quantity).isEqualByComparingTo(BigDecimal.ONE);
    harness.processWatermark(new Watermark(t + 60_000));
    @SuppressWarnings("unchecked")
    AnalyticsTotals total = ((StreamRecord<AnalyticsTotals>) drain().get(0)).getValue();
    assertThat(total.charges).isEqualTo(2);
    assertThat(total.revenueMinor).isEqualTo(6);
  }
}

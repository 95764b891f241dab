package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.RejectedEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The counting operator before the dead-letter sink, on Flink's harness with a real metric group.
 */
class RejectionCounterTest {
  @Test
  void countsEachRejectionUnderItsStageAndReasonAndPassesItOnUnchanged() throws Exception {
    MetricCapture metrics = new MetricCapture();
    RejectionCounter counter =
        new RejectionCounter(RatingMetrics.decodeStage(InboundDecoder.Kind.EVENTS));
    List<String> reasons =
        List.of("MALFORMED", "FAR_FUTURE", "MALFORMED", "INVALID_QUANTITY", "MALFORMED");
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new StreamMap<>(counter),
            new AvroSerializer<>(RejectedEvent.class),
            new MockEnvironmentBuilder().setMetricGroup(metrics.task).build())) {
      harness.open();
      for (int i = 0; i < reasons.size(); i++) {
        harness.processElement(rejection(reasons.get(i), i), i);
      }
      assertThat(harness.extractOutputValues())
          .extracting(RejectedEvent::getReasonCode)
          .containsExactlyElementsOf(reasons);
      assertThat(harness.extractOutputValues())
          .extracting(RejectedEvent::getSourceOffset)
          .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    Map<String, Long> expected =
        reasons.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    // one registration per reason, however many records: the counter is cached, not re-registered
    assertThat(metrics.named(RatingMetrics.REJECTED))
        .hasSize(expected.size())
        .allSatisfy(r -> assertThat(r.label(RatingMetrics.STAGE)).isEqualTo("decode_events"));
    expected.forEach(
        (reason, n) ->
            assertThat(metrics.counter(RatingMetrics.REJECTED, RatingMetrics.REASON, reason))
                .as(reason)
                .get()
                .extracting(Counter::getCount)
                .isEqualTo(n));
    assertThat(counter.count("MALFORMED")).isEqualTo(3);
  }

  @Test
  void aLabelNeverGrowsPastItsLimit() {
    MetricCapture metrics = new MetricCapture();
    LabelledCounters counters = new LabelledCounters(metrics.task, RatingMetrics.REASON, "probe");
    int distinct = LabelledCounters.MAX_VALUES + 50;
    for (int i = 0; i < distinct; i++) {
      counters.get("R" + i).inc();
    }
    counters.get(null).inc();
    assertThat(metrics.named("probe")).hasSize(LabelledCounters.MAX_VALUES + 1);
    assertThat(counters.count(LabelledCounters.OTHER)).isEqualTo(51); // 50 past the limit, and null
    assertThat(counters.count("R0")).isEqualTo(1);
  }

  @Test
  void knownValuesAreRegisteredAtZeroBeforeTheFirstOccurrence() {
    MetricCapture metrics = new MetricCapture();
    new LabelledCounters(metrics.task, RatingMetrics.REASON, "probe")
        .registering("NO_CHART_OF_ACCOUNTS", "NOT_BILLED");
    assertThat(metrics.named("probe")).hasSize(2);
    assertThat(metrics.counter("probe", RatingMetrics.REASON, "NOT_BILLED"))
        .get()
        .extracting(Counter::getCount)
        .isEqualTo(0L);
  }

  static RejectedEvent rejection(String reason, long offset) {
    return RejectedEvent.newBuilder()
        .setReasonCode(reason)
        .setMessage("m")
        .setEventId(null)
        .setAccountId(null)
        .setPayload(ByteBuffer.wrap(new byte[] {(byte) offset}))
        .setSourceTopic("events")
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setRejectedAt(Instant.EPOCH)
        .build();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules input's catch-up: the offsets it keeps, when it emits its marker (once per start), what
 * a restore remembers, and that a broker it cannot ask only delays it.
 */
class RulesCatchUpTest {
  /**
   * Probes shared with the operator instance by name: the operator is serialized by the harness.
   */
  static final Map<String, Map<Integer, Long>> ENDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

  OneInputStreamOperatorTestHarness<RawRecord, RawRecord> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void coveredOnlyWhenEveryPartitionHasReadItsLastVisibleOffset() {
    RulesPosition p = new RulesPosition();
    assertThat(p.covered()).isFalse(); // nothing known yet
    p.targets(Map.of(0, 5L, 1, -1L, 2, 9L));
    p.read(0, 5);
    assertThat(p.covered()).isFalse();
    assertThat(p.behind()).isEqualTo("partition 2 read to nothing of 9");
    // offsets past the target (a record committed since) cover it too; order within a partition
    // does not lower what was read
    p.read(2, 12);
    p.read(2, 3);
    assertThat(p.covered()).isTrue();
  }

  @Test
  void theReadOffsetsSurviveEncodingAndAnOldStateIsToldApart() {
    RulesPosition p = new RulesPosition();
    p.read(0, 41);
    p.read(3, 7);
    RulesPosition restored = new RulesPosition();
    p.encode().forEach(restored::restore);
    restored.targets(Map.of(0, 41L, 3, 7L));
    assertThat(restored.covered()).isTrue();
    assertThat(restored.restoredFromVersion()).isTrue();
    assertThat(new RulesPosition().restoredFromVersion()).isFalse();
  }

  @Test
  void emitsTheMarkerOnceAfterTheRecordThatCompletesTheTopicAndPassesEveryRecord()
      throws Exception {
    ENDS.put("a", Map.of(0, 2L, 1, 0L));
    harness = open("a", null);
    harness.setProcessingTime(1); // the probe runs on the first timer
    record(0, 0);
    record(1, 0);
    record(0, 1);
    assertThat(values()).noneMatch(RulesCatchUp::isMarker);
    record(0, 2);
    record(0, 3);
    assertThat(values())
        .extracting(r -> RulesCatchUp.isMarker(r) ? "marker" : r.partition + "@" + r.offset)
        .containsExactly("0@0", "1@0", "0@1", "0@2", "marker", "0@3");
  }

  @Test
  void anEmptyTopicNeedsNoRecord() throws Exception {
    ENDS.put("empty", Map.of(0, -1L));
    harness = open("empty", null);
    harness.setProcessingTime(1);
    assertThat(values()).singleElement().matches(RulesCatchUp::isMarker);
  }

  @Test
  void aBrokerThatCannotBeAskedDelaysTheMarkerAndNeverFails() throws Exception {
    ENDS.put("flaky", Map.of(0, -1L));
    FAILURES_LEFT.set(3);
    harness = open("flaky", null);
    harness.setProcessingTime(1);
    assertThat(values()).isEmpty();
    harness.setProcessingTime(60_000); // back-off timers: 500, 1000, 2000 ms
    harness.setProcessingTime(120_000);
    assertThat(FAILURES_LEFT.get()).isZero();
    assertThat(values()).singleElement().matches(RulesCatchUp::isMarker);
  }

  @Test
  void aRestoredOperatorKnowsWhatTheRestoredSourcePositionCoversAndSignalsAgain() throws Exception {
    ENDS.put("r", Map.of(0, 1L));
    harness = open("r", null);
    harness.setProcessingTime(1);
    record(0, 0);
    record(0, 1);
    assertThat(values()).filteredOn(RulesCatchUp::isMarker).hasSize(1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 10);
    harness.close();

    // restored: the records up to offset 1 were read before; the source resumes after them
    harness = open("r", snapshot);
    harness.setProcessingTime(20);
    assertThat(values()).singleElement().matches(RulesCatchUp::isMarker);
    harness.close();

    // one more rule was published while it was down: the restored operator waits for it
    ENDS.put("r", Map.of(0, 2L));
    harness = open("r", snapshot);
    harness.setProcessingTime(20);
    assertThat(values()).isEmpty();
    record(0, 2);
    assertThat(values())
        .extracting(r -> RulesCatchUp.isMarker(r) ? "marker" : "0@" + r.offset)
        .containsExactly("0@2", "marker");
  }

  @Test
  void theDecoderPassesTheMarkerOnAsTheMarkerRule() throws Exception {
    var decoder =
        org.apache.flink.streaming.util.ProcessFunctionTestHarnesses.forProcessFunction(
            new RuleDecoder());
    decoder.processElement(RulesCatchUp.marker(), 0);
    assertThat(decoder.extractOutputValues()).singleElement().matches(RulesCatchUp::isMarker);
    assertThat(RulesCatchUp.isMarker(DecoderTest.rule("usd", 1, "x"))).isFalse();
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A probe that reads its answer from {@link #ENDS}, failing while {@link #FAILURES_LEFT} lasts.
   */
  record Probe(String name) implements RulesCatchUp.EndProbe {
    @Override
    public Map<Integer, Long> lastVisibleOffsets() {
      if (FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new org.apache.kafka.common.errors.TimeoutException("broker not reachable (test)");
      }
      return ENDS.get(name);
    }
  }

  private OneInputStreamOperatorTestHarness<RawRecord, RawRecord> open(
      String probe, OperatorSubtaskState snapshot) throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new RulesCatchUp(new Probe(probe)));
    if (snapshot != null) {
      h.initializeState(snapshot);
    }
    h.open();
    return h;
  }

  private void record(int partition, long offset) throws Exception {
    harness.processElement(new RawRecord("rules", partition, offset, 0L, new byte[] {1}), 0L);
  }

  private List<RawRecord> values() {
    return harness.extractOutputStreamRecords().stream()
        .map(r -> ((StreamRecord<RawRecord>) r).getValue())
        .toList();
  }
}

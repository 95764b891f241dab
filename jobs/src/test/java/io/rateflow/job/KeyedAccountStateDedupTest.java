package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The de-duplication memory in keyed state (RocksDB, as in production): within {@code dedup.window}
 * a repeated event id is a duplicate, after it (plus at most a bucket) it is new again, and the
 * memory survives a restore, also from the 0.1 release's state.
 */
class KeyedAccountStateDedupTest {
  private static final Duration WINDOW = Duration.ofHours(4);
  private static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

  /** The clock of every harness of a test; static: the function is serialized into the operator. */
  private static final AtomicLong CLOCK = new AtomicLong();

  private final RatingConfig config =
      RatingConfig.defaults("unused:9092").toBuilder().dedupWindow(WINDOW).build();
  private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aDuplicateWithinTheWindowIsSeenAndAfterItIsNot() throws Exception {
    CLOCK.set(START);
    harness = harness(null, false);
    assertThat(offer("a|e1", "a|e2", "b|e1")).containsExactly("new", "new", "new");
    CLOCK.addAndGet(WINDOW.toMillis() - 1);
    assertThat(offer("a|e1", "a|e2", "b|e1", "b|e2"))
        .containsExactly("seen", "seen", "seen", "new");
    // past the window plus a bucket: forgotten (b|e2, marked later, is still remembered)
    CLOCK.set(START + WINDOW.toMillis() + WINDOW.toMillis() / SeenEventIds.KEPT_BUCKETS);
    assertThat(offer("a|e1", "b|e2")).containsExactly("new", "seen");
  }

  @Test
  void theMemorySurvivesARestore() throws Exception {
    CLOCK.set(START);
    harness = harness(null, false);
    offer("a|e1", "a|e2");
    CLOCK.addAndGet(WINDOW.toMillis() / 2); // a second bucket
    offer("a|e3");
    OperatorSubtaskState snapshot = harness.snapshot(1, CLOCK.get());
    harness.close();

    harness = harness(snapshot, false);
    assertThat(offer("a|e1", "a|e2", "a|e3", "a|e4", "b|e1"))
        .containsExactly("seen", "seen", "seen", "new", "new");
    CLOCK.set(START + WINDOW.toMillis() + WINDOW.toMillis() / SeenEventIds.KEPT_BUCKETS);
    assertThat(offer("a|e1", "a|e3")).containsExactly("new", "seen");
  }

  /** An upgrade from 0.1: its memory (full ids in a map with TTL) still counts for the window. */
  @Test
  void theMemoryOfThePreviousReleaseStillCounts() throws Exception {
    CLOCK.set(START);
    harness = harness(null, true);
    offer("a|old-1", "a|old-2");
    OperatorSubtaskState snapshot = harness.snapshot(1, CLOCK.get());
    harness.close();

    CLOCK.addAndGet(60_000);
    harness = harness(snapshot, false);
    assertThat(offer("a|old-1", "a|new-1", "b|old-1")).containsExactly("seen", "new", "new");
    assertThat(offer("a|new-1")).containsExactly("seen");
  }

  /** "account|event": "seen" or "new", marking it seen when new, as the account engine does. */
  private List<String> offer(String... keyed) throws Exception {
    int before = harness.extractOutputValues().size();
    for (String k : keyed) {
      harness.processElement(k, CLOCK.get());
    }
    List<String> out = harness.extractOutputValues();
    return out.subList(before, out.size());
  }

  private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      OperatorSubtaskState restore, boolean legacy) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(legacy ? new LegacyDedup(config) : new Dedup(config)),
            k -> k.substring(0, k.indexOf('|')),
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    h.setStateTtlProcessingTime(CLOCK.get());
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  private static final class Dedup extends KeyedProcessFunction<String, String, String> {
    private final RatingConfig config;
    private transient KeyedAccountState state;

    Dedup(RatingConfig config) {
      this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
      state = new KeyedAccountState(getRuntimeContext(), config, CLOCK::get);
    }

    @Override
    public void processElement(String keyed, Context ctx, Collector<String> out) throws Exception {
      state.bind(ctx.getCurrentKey());
      String eventId = keyed.substring(keyed.indexOf('|') + 1);
      if (state.seen(eventId)) {
        out.collect("seen");
      } else {
        state.markSeen(eventId);
        out.collect("new");
      }
    }
  }

  /** The 0.1 release's de-duplication state, as it wrote it. */
  private static final class LegacyDedup extends KeyedProcessFunction<String, String, String> {
    private final RatingConfig config;
    private transient MapState<String, Boolean> seen;

    LegacyDedup(RatingConfig config) {
      this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
      MapStateDescriptor<String, Boolean> d =
          new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
      d.enableTimeToLive(
          StateTtlConfig.newBuilder(config.dedupWindow())
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
      seen = getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(String keyed, Context ctx, Collector<String> out) throws Exception {
      seen.put(keyed.substring(keyed.indexOf('|') + 1), Boolean.TRUE);
      out.collect("new");
    }
  }
}

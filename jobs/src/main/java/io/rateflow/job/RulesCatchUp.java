package io.rateflow.job;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Signals when the rules input has read every rule that was on the rules topic when the job started
 * (or restarted, or was restored): until then the account operator holds every event and balance
 * command, so that nothing is priced by a version that a later one, already published, replaces.
 * Runs at parallelism 1 between the rules source and the rules decoder and passes every record
 * through; once per start, when {@link RulesPosition#covered()}, it emits one {@link #marker()}
 * record, which the decoder turns into {@link #markerRule()} for the broadcast side.
 *
 * <p>At start it asks the broker for each partition's last visible offset ({@link EndProbe}); if
 * the broker cannot be asked it tries again on a processing-time timer, with back-off, and never
 * fails the job. The offsets read are in operator state, so a restored job does not wait for rules
 * its restored broadcast state already has. While it waits it logs, every 30 s, which partitions
 * are behind.
 *
 * <p>A version published later, with an {@code effective_from} in the past, is not waited for: the
 * events rated before it arrived stay as they were, events processed after it use it, and a past
 * period is re-rated with {@code rate --previous}.
 */
public final class RulesCatchUp extends AbstractStreamOperator<RawRecord>
    implements OneInputStreamOperator<RawRecord, RawRecord> {

  /**
   * Where the rules topic ends, per partition: the last offset a read_committed reader is given, -1
   * for none.
   */
  public interface EndProbe extends Serializable {
    Map<Integer, Long> lastVisibleOffsets() throws Exception;
  }

  /**
   * The marker's topic and rule id: no topic or rule set can be named like this ('#' is not
   * allowed).
   */
  static final String MARKER = "#rules-caught-up";

  private static final long FIRST_RETRY_MILLIS = 500;
  private static final long MAX_RETRY_MILLIS = 30_000;
  private static final long REPORT_EVERY_MILLIS = 30_000;

  private final EndProbe probe;

  private transient ListState<String> readState;
  private transient RulesPosition position;

  /** A state restored from before this operator existed: what the source covers is unknown. */
  private transient boolean restoredWithoutPosition;

  private transient boolean emitted;
  private transient long retryMillis;

  public RulesCatchUp(EndProbe probe) {
    this.probe = probe;
  }

  /** The marker as a raw record, as this operator emits it. */
  static RawRecord marker() {
    return new RawRecord(MARKER, -1, -1, 0L, new byte[0]);
  }

  static boolean isMarker(RawRecord raw) {
    return MARKER.equals(raw.topic) && raw.partition == -1;
  }

  /** The marker as the decoder passes it on to the broadcast side. */
  static PricingRule markerRule() {
    return PricingRule.newBuilder()
        .setKind(RuleKind.PRICING)
        .setRuleSetId(MARKER)
        .setVersion(0)
        .setEffectiveFrom(Instant.EPOCH)
        .setDocument("")
        .setSourceName(MARKER)
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("")
        .build();
  }

  static boolean isMarker(PricingRule rule) {
    return rule.getVersion() == 0 && MARKER.equals(rule.getRuleSetId());
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    readState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("rules-read", Types.STRING));
    position = new RulesPosition();
    for (String entry : readState.get()) {
      position.restore(entry);
    }
    restoredWithoutPosition = context.isRestored() && !position.restoredFromVersion();
  }

  @Override
  public void open() throws Exception {
    super.open();
    emitted = false;
    retryMillis = FIRST_RETRY_MILLIS;
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now, this::onTimer);
  }

  @Override
  public void processElement(StreamRecord<RawRecord> record) throws Exception {
    RawRecord raw = record.getValue();
    position.read(raw.partition, raw.offset);
    output.collect(record);
    emitIfCovered();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    readState.update(position.encode());
  }

  /**
   * A bounded rules input has ended: everything on it has been read, so the rules are caught up
   * whether or not the broker was asked (pending timers do not fire after the end of input).
   */
  @Override
  public void finish() throws Exception {
    if (!emitted) {
      emitted = true;
      output.collect(new StreamRecord<>(marker()));
    }
    super.finish();
  }

  private void onTimer(long time) {
    if (emitted) {
      return;
    }
    if (!position.hasTargets()) {
      try {
        position.targets(probe.lastVisibleOffsets());
      } catch (Exception | LinkageError e) {
        LOG.warn(
            "Cannot ask the broker where the rules topic ends ({}); events wait for the rules; trying again in {} ms",
            e.toString(),
            retryMillis);
        getProcessingTimeService().registerTimer(time + retryMillis, this::onTimer);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        return;
      }
    } else {
      LOG.warn("Events wait for the rules that were on the topic at start: {}", position.behind());
    }
    if (!emitIfCovered()) {
      getProcessingTimeService().registerTimer(time + REPORT_EVERY_MILLIS, this::onTimer);
    }
  }

  private boolean emitIfCovered() {
    if (emitted || !position.hasTargets()) {
      return emitted;
    }
    if (restoredWithoutPosition) {
      LOG.warn(
          "Restored from a state without the rules' read position: not waiting for the rules topic");
    } else if (!position.covered()) {
      return false;
    }
    emitted = true;
    output.collect(new StreamRecord<>(marker()));
    return true;
  }
}

package io.rateflow.job;

import io.rateflow.avro.RejectedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Counts the rejections of one stage by reason code on their way to the dead-letter topic: one
 * place for every stage, the decoders' included, so the counts are exactly what the topic receives.
 * Passes every record on unchanged.
 */
public final class RejectionCounter extends RichMapFunction<RejectedEvent, RejectedEvent> {
  private final String stage;
  private transient LabelledCounters byReason;

  public RejectionCounter(String stage) {
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    byReason =
        new LabelledCounters(
            getRuntimeContext().getMetricGroup().addGroup(RatingMetrics.STAGE, stage),
            RatingMetrics.REASON,
            RatingMetrics.REJECTED);
  }

  @Override
  public RejectedEvent map(RejectedEvent rejected) {
    byReason.get(rejected.getReasonCode()).inc();
    return rejected;
  }

  /** What this instance has counted for {@code reason}. */
  long count(String reason) {
    return byReason.count(reason);
  }
}

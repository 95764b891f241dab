package io.rateflow.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts the records of one keyed input as they arrive, before decoding: so "in" includes what the
 * decoder rejects, and {@code recordsIn == rated + rejected} can be checked per input. Chained to
 * the source; passes every record on unchanged.
 */
public final class InputCounter extends RichMapFunction<RawRecord, RawRecord> {
  private final String input;
  private transient Counter in;

  public InputCounter(String input) {
    this.input = input;
  }

  @Override
  public void open(OpenContext ctx) {
    in =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup(RatingMetrics.INPUT, input)
            .counter(RatingMetrics.RECORDS_IN);
  }

  @Override
  public RawRecord map(RawRecord raw) {
    in.inc();
    return raw;
  }
}

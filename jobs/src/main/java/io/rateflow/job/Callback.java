package io.rateflow.job;

import io.rateflow.account.AccountOutputs;
import io.rateflow.avro.Charge;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * What one callback of the account operator works with: its main output, its side outputs, its
 * timer service and its clocks. Built at the top of each callback and passed to every part it
 * calls, never kept: Flink hands each callback its own collector and context.
 *
 * @param timers null on the broadcast side, where keyed timers cannot be registered
 * @param now processing time (in BATCH runs at least the firing timer's time)
 * @param watermark the operator's event-time watermark; {@code Long.MIN_VALUE} before the first
 */
record Callback(
    Collector<Charge> charges, SideOutputs side, TimerService timers, long now, long watermark) {

  /**
   * The side-output half of a Flink context: both broadcast contexts and the keyed ones have it.
   */
  interface SideOutputs {
    <X> void output(OutputTag<X> tag, X value);
  }

  /** Whether keyed timers can be registered (not on the broadcast side). */
  boolean keyed() {
    return timers != null;
  }

  /**
   * A charge to the main output; a failure behind it is the chained operator's, never the input's.
   */
  void collect(Charge charge) {
    try {
      charges.collect(charge);
    } catch (RuntimeException downstream) {
      throw new AccountOutputs.EmitFailure(downstream);
    }
  }

  /** A side output; a failure behind it is the chained operator's, never the input's. */
  <X> void emit(OutputTag<X> tag, X value) {
    try {
      side.output(tag, value);
    } catch (RuntimeException downstream) {
      throw new AccountOutputs.EmitFailure(downstream);
    }
  }
}

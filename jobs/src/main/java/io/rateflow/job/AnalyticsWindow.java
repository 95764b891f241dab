package io.rateflow.job;

import io.rateflow.avro.UsageAnalytics;
import java.math.RoundingMode;
import java.time.Instant;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns one minute's totals into a {@link UsageAnalytics} record. A late charge fires the minute
 * again with the full new totals and the next {@code revision}, so a consumer that keeps the latest
 * record per key (a compacted topic, an upsert) always has the right numbers.
 */
public class AnalyticsWindow
    extends ProcessWindowFunction<AnalyticsTotals, UsageAnalytics, String, TimeWindow> {

  private static final ValueStateDescriptor<Integer> FIRINGS =
      new ValueStateDescriptor<>("analytics-firings", Types.INT);

  /** The record key: one minute of one product, segment and currency. */
  public static String key(UsageAnalytics a) {
    return a.getMeter()
        + '|'
        + a.getSegment()
        + '|'
        + a.getCurrency()
        + '|'
        + a.getWindowStart().toEpochMilli();
  }

  @Override
  public void process(
      String key, Context ctx, Iterable<AnalyticsTotals> totals, Collector<UsageAnalytics> out)
      throws Exception {
    ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
    int revision = firings.value() == null ? 0 : firings.value();
    firings.update(revision + 1);
    for (AnalyticsTotals t : totals) {
      out.collect(
          UsageAnalytics.newBuilder()
              .setWindowStart(Instant.ofEpochMilli(ctx.window().getStart()))
              .setWindowEnd(Instant.ofEpochMilli(ctx.window().getEnd()))
              .setMeter(t.meter)
              .setSegment(t.segment)
              .setCurrency(t.currency)
              .setCurrencyDigits(t.currencyDigits)
              .setCharges(t.charges)
              // Quantities carry 6 digits; the schema's scale is 6, so this never rounds.
              .setQuantity(t.quantity.setScale(6, RoundingMode.UNNECESSARY))
              .setRevenueMinor(t.revenueMinor)
              .setRevision(revision)
              .build());
    }
  }

  @Override
  public void clear(Context ctx) {
    ctx.windowState().getState(FIRINGS).clear();
  }
}

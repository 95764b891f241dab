package io.rateflow.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for inputs that are not event-time data (profiles, rules, commands, estimate
 * requests): they mark themselves idle, so that they never hold back the events' watermark where
 * the streams meet — and, unlike a MAX watermark, never push it to the end of time when the events
 * go idle, which would close every open window downstream at once.
 */
final class ConfigWatermarks<T> implements WatermarkStrategy<T> {
  @Override
  public WatermarkGenerator<T> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    return new WatermarkGenerator<>() {
      @Override
      public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
      }
    };
  }
}

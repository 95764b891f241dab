package io.rateflow.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for inputs that are versioned by their own effective time (profiles, rules): they
 * always say "event time is at its end", so that they never hold back the events' watermark where
 * the streams meet.
 */
final class ConfigWatermarks<T> implements WatermarkStrategy<T> {
  @Override
  public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
    return new WatermarkGenerator<>() {
      @Override
      public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
      }
    };
  }
}

package io.rateflow.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Adds charges up per analytics key and minute before they cross the network, so the minute windows
 * downstream see a few records per watermark instead of one per charge.
 *
 * <p>It holds nothing across a checkpoint (it empties before the barrier) and nothing past a
 * watermark or an idle status (it empties before forwarding them), so the windows see exactly the
 * totals, in the same event time, that they would have seen charge by charge.
 */
final class AnalyticsCombiner extends AbstractStreamOperator<AnalyticsTotals>
    implements OneInputStreamOperator<AnalyticsTotals, AnalyticsTotals>, BoundedOneInput {

  private static final long MINUTE = 60_000L;

  private final int maxKeys;

  /** One analytics key's minute; the minute is the window start the totals are stamped with. */
  private record Minute(String key, long start) {}

  private transient Map<Minute, AnalyticsTotals> minutes;

  AnalyticsCombiner(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  @Override
  public void open() throws Exception {
    super.open();
    minutes = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<AnalyticsTotals> element) {
    AnalyticsTotals in = element.getValue();
    Minute key = new Minute(in.key(), Math.floorDiv(element.getTimestamp(), MINUTE) * MINUTE);
    AnalyticsTotals t = minutes.get(key);
    if (t == null) {
      // a copy: with object reuse the input record is not ours to keep
      minutes.put(key, new AnalyticsTotals().add(in));
      if (minutes.size() >= maxKeys) {
        flush();
      }
    } else {
      t.add(in);
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    flush();
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    flush();
  }

  /** Emits every minute's totals, stamped with the minute's start (the window it belongs to). */
  private void flush() {
    if (minutes.isEmpty()) {
      return;
    }
    StreamRecord<AnalyticsTotals> out = new StreamRecord<>(null);
    for (Map.Entry<Minute, AnalyticsTotals> e : minutes.entrySet()) {
      output.collect(out.replace(e.getValue(), e.getKey().start()));
    }
    minutes.clear();
  }
}

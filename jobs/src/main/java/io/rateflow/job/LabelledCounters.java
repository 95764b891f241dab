package io.rateflow.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The counters of one metric by the value of one label, registered on first use and then reused, so
 * the hot path does one map lookup: no string building, no registration per record. One per
 * operator instance (not thread-safe, like the operator).
 */
final class LabelledCounters {
  /** Values past this many share one counter: a label must never grow without bound. */
  static final int MAX_VALUES = 200;

  static final String OTHER = "OTHER";

  private final MetricGroup group;
  private final String key;
  private final String name;

  /** By label value; never more than {@link #MAX_VALUES} + 2 entries. */
  private final Map<String, Counter> counters = new HashMap<>();

  LabelledCounters(MetricGroup group, String key, String name) {
    this.group = group;
    this.key = key;
    this.name = name;
  }

  /**
   * Registers the counters of values known in advance, so their series exist (at 0) from the start:
   * a dashboard or an alert on a rare reason then sees a zero instead of no data.
   */
  LabelledCounters registering(String... values) {
    for (String v : values) {
      get(v);
    }
    return this;
  }

  /** The counter of {@code value}; null counts as "UNKNOWN", values past the limit as "OTHER". */
  Counter get(String value) {
    String label = value == null ? "UNKNOWN" : value;
    Counter c = counters.get(label);
    if (c == null) {
      if (counters.size() >= MAX_VALUES) {
        label = OTHER;
        c = counters.get(OTHER);
      }
      if (c == null) {
        c = group.addGroup(key, label).counter(name);
        counters.put(label, c);
      }
    }
    return c;
  }

  /** What has been counted under the label {@code value} so far (0 if nothing). */
  long count(String value) {
    Counter c = counters.get(value);
    return c == null ? 0 : c.getCount();
  }
}

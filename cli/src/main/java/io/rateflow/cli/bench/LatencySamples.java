package io.rateflow.cli.bench;

import java.util.Arrays;

/**
 * Latency samples in milliseconds, kept exactly (a run has at most a few million) for percentiles.
 */
final class LatencySamples {
  private long[] values = new long[1 << 16];
  private int size;

  void add(long millis) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = millis;
  }

  int size() {
    return size;
  }

  /** The nearest-rank percentile ({@code p} in 0..100), or -1 without samples. */
  long percentile(double p) {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }
}

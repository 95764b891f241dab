package io.rateflow.job;

import java.util.Arrays;

/**
 * A set of non-zero 64-bit fingerprints in one open-addressing long array, at most half full: 16 to
 * 32 bytes an id in memory, no boxing. The fingerprints are hashes already, so their low bits index
 * the table as they are.
 */
final class FingerprintSet {
  private long[] table;
  private int size;

  FingerprintSet(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    table = new long[capacity];
  }

  int size() {
    return size;
  }

  boolean contains(long fp) {
    if (fp == 0) {
      return false; // the empty slot, never an element
    }
    int mask = table.length - 1;
    for (int i = (int) fp & mask; ; i = (i + 1) & mask) {
      long t = table[i];
      if (t == fp) {
        return true;
      }
      if (t == 0) {
        return false;
      }
    }
  }

  /** True when added, false when already there. */
  boolean add(long fp) {
    if (fp == 0) {
      throw new IllegalArgumentException("0 marks an empty slot");
    }
    if ((size + 1) * 2 > table.length) {
      grow();
    }
    int mask = table.length - 1;
    for (int i = (int) fp & mask; ; i = (i + 1) & mask) {
      long t = table[i];
      if (t == fp) {
        return false;
      }
      if (t == 0) {
        table[i] = fp;
        size++;
        return true;
      }
    }
  }

  /** The fingerprints, in no particular order. */
  long[] toArray() {
    long[] out = new long[size];
    int n = 0;
    for (long t : table) {
      if (t != 0) {
        out[n++] = t;
      }
    }
    return out;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    size = 0;
    for (long t : old) {
      if (t != 0) {
        add(t);
      }
    }
  }

  @Override
  public String toString() {
    long[] a = toArray();
    Arrays.sort(a);
    return Arrays.toString(a);
  }
}

package io.rateflow.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far the rules input has read, against where the rules topic ended when the job started: per
 * partition the highest offset read (kept in operator state, so after a restore it says what the
 * restored source position already covers) and the offset of the last record a read_committed
 * consumer gets below the end found at start (the target). Covered when every target has been read
 * or passed.
 */
final class RulesPosition {
  /**
   * Stored with the offsets, so that an empty state can be told from a state written before this
   * class.
   */
  static final String VERSION_ENTRY = "v1";

  private final Map<Integer, Long> read = new TreeMap<>();
  private Map<Integer, Long> targets;
  private boolean restoredFromVersion;

  /** Records that {@code offset} of {@code partition} has been read. */
  void read(int partition, long offset) {
    read.merge(partition, offset, Math::max);
  }

  /** The targets found at start: per partition the last visible offset, -1 when it has none. */
  void targets(Map<Integer, Long> lastVisible) {
    targets = new TreeMap<>(lastVisible);
  }

  boolean hasTargets() {
    return targets != null;
  }

  /** Whether every record that was on the topic at start has been read (or passed). */
  boolean covered() {
    if (targets == null) {
      return false;
    }
    for (Map.Entry<Integer, Long> t : targets.entrySet()) {
      if (t.getValue() >= 0 && read.getOrDefault(t.getKey(), -1L) < t.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The partitions still behind, e.g. "0 read to 41 of 57", for a log line. */
  String behind() {
    List<String> parts = new ArrayList<>();
    if (targets != null) {
      targets.forEach(
          (p, target) -> {
            long r = read.getOrDefault(p, -1L);
            if (target >= 0 && r < target) {
              parts.add(
                  "partition "
                      + p
                      + " read to "
                      + (r < 0 ? "nothing" : "offset " + r)
                      + " of "
                      + target);
            }
          });
    }
    return String.join(", ", parts);
  }

  /**
   * The operator-state form: the version entry and one "partition:offset" entry per partition read.
   */
  List<String> encode() {
    List<String> entries = new ArrayList<>();
    entries.add(VERSION_ENTRY);
    read.forEach((p, o) -> entries.add(p + ":" + o));
    return entries;
  }

  /** Restores one entry of {@link #encode}. */
  void restore(String entry) {
    if (VERSION_ENTRY.equals(entry)) {
      restoredFromVersion = true;
      return;
    }
    int colon = entry.indexOf(':');
    read(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
  }

  /** Whether restored entries included the version entry (false also when nothing was restored). */
  boolean restoredFromVersion() {
    return restoredFromVersion;
  }
}

package io.rateflow.job;

import io.rateflow.ids.StableIds;
import java.util.ArrayList;
import java.util.List;

/**
 * One account's memory of the event ids it rated, as 64-bit fingerprints in time buckets: what
 * {@link KeyedAccountState} caches, and the layout of the list it stores them in.
 *
 * <p>A bucket is {@code window / KEPT_BUCKETS} long; the buckets of the last window are kept, plus
 * the current one, so an id is remembered at least the window and at most a bucket longer. Expiry
 * drops whole buckets: no time stamp per id.
 *
 * <p>Stored layout, one long per list element: {@code 0, bucket, fp, fp, ..., 0, bucket, fp, ...}.
 * A 0 announces a bucket's index; fingerprints are never 0 ({@link #fingerprintOf}). A new id
 * appends one element (three when it opens a bucket); the list is rewritten only when a bucket
 * expires, once per bucket length at most.
 */
final class SeenEventIds {
  /** The window is this many buckets: an id may outlive it by a quarter. */
  static final int KEPT_BUCKETS = 4;

  static final long MARKER = 0L;

  /** What to do to the stored list after {@link #add}. */
  sealed interface Write {}

  /** Append these elements. */
  record Append(List<Long> elements) implements Write {}

  /** Replace the list with these elements (buckets expired). */
  record Rewrite(List<Long> elements) implements Write {}

  private record Bucket(long index, FingerprintSet ids) {}

  /** Oldest first. */
  private final List<Bucket> buckets = new ArrayList<>(KEPT_BUCKETS + 1);

  /**
   * A fingerprint of an event id, never 0 (0 is the list's bucket marker and the set's empty slot).
   */
  static long fingerprintOf(String eventId) {
    return StableIds.fingerprint(eventId);
  }

  /** The bucket of a processing time. */
  static long bucketOf(long now, long bucketMillis) {
    return Math.floorDiv(now, bucketMillis);
  }

  /** The bucket length for a de-duplication window. */
  static long bucketMillis(long windowMillis) {
    return Math.max(1, windowMillis / KEPT_BUCKETS);
  }

  /** The memory as stored; null or empty: none. */
  static SeenEventIds fromStored(Iterable<Long> stored) {
    SeenEventIds s = new SeenEventIds();
    if (stored == null) {
      return s;
    }
    var it = stored.iterator();
    FingerprintSet current = null;
    while (it.hasNext()) {
      long v = it.next();
      if (v == MARKER) {
        if (!it.hasNext()) {
          break;
        }
        current = new FingerprintSet(8);
        s.buckets.add(new Bucket(it.next(), current));
      } else if (current != null) {
        current.add(v);
      }
    }
    return s;
  }

  /** Whether the id was seen within the window ending in bucket {@code now}. */
  boolean contains(long fp, long now) {
    for (int i = buckets.size() - 1; i >= 0; i--) {
      Bucket b = buckets.get(i);
      if (b.index() < now - KEPT_BUCKETS) {
        break;
      }
      if (b.ids().contains(fp)) {
        return true;
      }
    }
    return false;
  }

  /** Remembers an id in bucket {@code now}; returns the change to the stored list. */
  Write add(long fp, long now) {
    int expired = 0;
    while (expired < buckets.size() && buckets.get(expired).index() < now - KEPT_BUCKETS) {
      expired++;
    }
    if (expired > 0) {
      buckets.subList(0, expired).clear();
    }
    Bucket newest = buckets.isEmpty() ? null : buckets.get(buckets.size() - 1);
    // a clock that stepped back (another machine after a restore) adds to the newest bucket
    boolean opens = newest == null || newest.index() < now;
    if (opens) {
      newest = new Bucket(now, new FingerprintSet(8));
      buckets.add(newest);
    }
    newest.ids().add(fp);
    if (expired > 0) {
      return new Rewrite(stored());
    }
    return new Append(opens ? List.of(MARKER, now, fp) : List.of(fp));
  }

  boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** How many ids are remembered (expired buckets not yet dropped included). */
  int size() {
    int n = 0;
    for (Bucket b : buckets) {
      n += b.ids().size();
    }
    return n;
  }

  /** The stored layout of the whole memory. */
  List<Long> stored() {
    List<Long> out = new ArrayList<>(size() + 2 * buckets.size());
    for (Bucket b : buckets) {
      out.add(MARKER);
      out.add(b.index());
      for (long fp : b.ids().toArray()) {
        out.add(fp);
      }
    }
    return out;
  }
}

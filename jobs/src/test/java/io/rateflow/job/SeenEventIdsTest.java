package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SeenEventIdsTest {

  @Test
  void anIdIsRememberedForTheKeptBucketsAndForgottenAfter() {
    SeenEventIds s = new SeenEventIds();
    s.add(11, 100);
    for (long now = 100; now <= 100 + SeenEventIds.KEPT_BUCKETS; now++) {
      assertThat(s.contains(11, now)).as("bucket %d", now).isTrue();
    }
    assertThat(s.contains(11, 101 + SeenEventIds.KEPT_BUCKETS)).isFalse();
    assertThat(s.contains(12, 100)).isFalse();
  }

  @Test
  void aNewIdAppendsOneElementAndABucketOpensWithItsMarker() {
    SeenEventIds s = new SeenEventIds();
    assertThat(s.add(11, 100)).isEqualTo(new SeenEventIds.Append(List.of(0L, 100L, 11L)));
    assertThat(s.add(12, 100)).isEqualTo(new SeenEventIds.Append(List.of(12L)));
    assertThat(s.add(13, 101)).isEqualTo(new SeenEventIds.Append(List.of(0L, 101L, 13L)));
    // a clock that stepped back adds to the newest bucket
    assertThat(s.add(14, 99)).isEqualTo(new SeenEventIds.Append(List.of(14L)));
  }

  @Test
  void anExpiredBucketIsDroppedByOneRewrite() {
    SeenEventIds s = new SeenEventIds();
    s.add(11, 100);
    s.add(12, 102);
    long later = 101 + SeenEventIds.KEPT_BUCKETS; // bucket 100 is out, 102 is in
    SeenEventIds.Write w = s.add(13, later);
    assertThat(w).isEqualTo(new SeenEventIds.Rewrite(List.of(0L, 102L, 12L, 0L, later, 13L)));
    assertThat(s.size()).isEqualTo(2);
  }

  /** What is stored reads back as the same memory, whatever the sequence of writes. */
  @Property(tries = 200)
  void theStoredListReadsBackAsTheSameMemory(
      @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 40) Integer> ids,
      @ForAll @Size(max = 60) List<@IntRange(max = 3) Integer> steps) {
    SeenEventIds s = new SeenEventIds();
    List<Long> stored = new ArrayList<>();
    long now = 1000;
    for (int i = 0; i < ids.size(); i++) {
      now += i < steps.size() ? steps.get(i) : 0;
      SeenEventIds.Write w = s.add(ids.get(i), now);
      if (w instanceof SeenEventIds.Append a) {
        stored.addAll(a.elements());
      } else {
        stored = new ArrayList<>(((SeenEventIds.Rewrite) w).elements());
      }
    }
    SeenEventIds read = SeenEventIds.fromStored(stored);
    for (long id = 1; id <= 40; id++) {
      assertThat(read.contains(id, now)).as("id %d", id).isEqualTo(s.contains(id, now));
    }
    assertThat(read.stored()).hasSameElementsAs(s.stored());
  }

  @Property(tries = 100)
  void aFingerprintSetIsASet(@ForAll @Size(max = 300) List<Long> values) {
    FingerprintSet f = new FingerprintSet(2);
    Set<Long> expected = new HashSet<>();
    for (long v : values) {
      if (v != 0) {
        assertThat(f.add(v)).isEqualTo(expected.add(v));
      }
    }
    assertThat(f.size()).isEqualTo(expected.size());
    for (long v : values) {
      assertThat(f.contains(v)).isEqualTo(v != 0);
    }
    assertThat(f.toArray()).hasSize(expected.size());
  }
}

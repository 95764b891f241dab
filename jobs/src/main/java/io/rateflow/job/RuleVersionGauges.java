package io.rateflow.job;

import io.rateflow.pricing.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The pricing rule versions an account operator knows, as gauges: how many it keeps, and per rule
 * set the version in force now (0 when none is: all scheduled, or the newest effective one ended).
 *
 * <p>Gauges are read by the reporter's thread while the operator changes its rules: they read an
 * immutable snapshot the operator publishes after every change, never the operator's own maps.
 */
final class RuleVersionGauges {
  /** One known version, as much as "in force at t" needs. */
  private record Version(String id, long version, long from, long to) {}

  private final MetricGroup group;
  private final LongSupplier clock;
  private final Set<String> registered = new HashSet<>();
  private volatile List<Version> versions = List.of();

  RuleVersionGauges(MetricGroup group, LongSupplier clock) {
    this.group = group;
    this.clock = clock;
    group.gauge(RatingMetrics.RULE_VERSIONS, (Gauge<Integer>) () -> versions.size());
  }

  /**
   * Publishes what the operator keeps now; registers a gauge for each rule set seen for the first
   * time.
   */
  void publish(Collection<RuleSet> known) {
    List<Version> next = new ArrayList<>(known.size());
    for (RuleSet rs : known) {
      next.add(
          new Version(
              rs.id(),
              rs.version(),
              rs.effectiveFrom().toEpochMilli(),
              rs.effectiveTo() == null ? Long.MAX_VALUE : rs.effectiveTo().toEpochMilli()));
    }
    next.sort(Comparator.comparingLong(Version::version).reversed());
    versions = List.copyOf(next);
    for (Version v : next) {
      if (registered.add(v.id())) {
        String id = v.id();
        group
            .addGroup(RatingMetrics.RULE_SET, id)
            .gauge(
                RatingMetrics.RULE_VERSION_IN_FORCE,
                (Gauge<Long>) () -> inForce(id, clock.getAsLong()));
      }
    }
  }

  /**
   * The version of {@code id} in force at {@code now}, as the price book selects it; 0 when none.
   */
  long inForce(String id, long now) {
    for (Version v : versions) { // newest first
      if (v.id().equals(id) && v.from() <= now) {
        // the newest version effective by now decides alone, even if it has ended
        return now < v.to() ? v.version() : 0;
      }
    }
    return 0;
  }

  /** How many versions are known. */
  int known() {
    return versions.size();
  }

  /** The version of {@code id} in force at {@code at}. */
  long inForce(String id, Instant at) {
    return inForce(id, at.toEpochMilli());
  }
}

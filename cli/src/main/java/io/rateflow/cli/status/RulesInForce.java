package io.rateflow.cli.status;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.job.RuleDecoder;
import io.rateflow.pricing.PriceBook;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which version of each rule document is in force at a time, judged as the job judges it: versions
 * its decoder rejects are never used ({@link RuleDecoder#problems}); of the rest, the highest
 * version effective by then decides ({@link PriceBook} for pricing rule sets, which also honours
 * {@code effective_to}).
 */
public final class RulesInForce {
  private RulesInForce() {}

  /** Per rule document (kind, then id), what is in force at {@code now} and what is scheduled. */
  public static List<RuleSetState> at(List<PricingRule> onTopic, Instant now) {
    // A re-published id and version replaces the earlier record, as on the job's broadcast side.
    Map<String, Map<Long, PricingRule>> byDocument = new TreeMap<>();
    for (PricingRule r : onTopic) {
      byDocument
          .computeIfAbsent(r.getKind() + " " + r.getRuleSetId(), k -> new TreeMap<>())
          .put(r.getVersion(), r);
    }
    List<RuleSetState> out = new ArrayList<>();
    for (Map<Long, PricingRule> versions : byDocument.values()) {
      out.add(state(versions, now));
    }
    return out;
  }

  private static RuleSetState state(Map<Long, PricingRule> versions, Instant now) {
    PricingRule any = versions.values().iterator().next();
    List<RuleSetState.Rejected> rejected = new ArrayList<>();
    Map<Long, PricingRule> valid = new LinkedHashMap<>();
    PriceBook book = new PriceBook();
    for (PricingRule r : versions.values()) {
      List<String> problems;
      try {
        problems = RuleDecoder.problems(r);
      } catch (Exception e) {
        problems =
            List.of(r.getSourceName() + ": the document could not be parsed: " + e.getMessage());
      }
      if (!problems.isEmpty()) {
        rejected.add(new RuleSetState.Rejected(r.getVersion(), problems.get(0)));
        continue;
      }
      valid.put(r.getVersion(), r);
      if (r.getKind() == RuleKind.PRICING) {
        try {
          book.add(RuleParser.parse(r.getDocument(), r.getSourceName()));
        } catch (Exception e) {
          // cannot happen: the decoder parsed it above
        }
      }
    }
    PricingRule inForce = null;
    if (any.getKind() == RuleKind.PRICING) {
      for (RuleSet rs : book.inForceAt(now)) {
        inForce = valid.get(rs.version());
      }
    } else {
      for (PricingRule r : valid.values()) {
        if (!r.getEffectiveFrom().isAfter(now)
            && (inForce == null || r.getVersion() > inForce.getVersion())) {
          inForce = r;
        }
      }
    }
    List<RuleVersion> scheduled = new ArrayList<>();
    for (PricingRule r : valid.values()) {
      if (r.getEffectiveFrom().isAfter(now) && willApply(r, valid.values())) {
        scheduled.add(version(r));
      }
    }
    scheduled.sort(
        Comparator.comparing(RuleVersion::effectiveFrom).thenComparingLong(RuleVersion::version));
    return new RuleSetState(
        any.getKind().name(),
        any.getRuleSetId(),
        inForce == null ? null : version(inForce),
        scheduled,
        rejected);
  }

  /**
   * A future version applies from its effective time unless a higher version is effective by then.
   */
  private static boolean willApply(PricingRule future, Iterable<PricingRule> all) {
    for (PricingRule other : all) {
      if (other.getVersion() > future.getVersion()
          && !other.getEffectiveFrom().isAfter(future.getEffectiveFrom())) {
        return false;
      }
    }
    return true;
  }

  private static RuleVersion version(PricingRule r) {
    return new RuleVersion(r.getVersion(), r.getEffectiveFrom(), r.getPublishedBy());
  }
}

package io.rateflow.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All known versions of all rule sets; picks the one in force for a usage. Not thread-safe: one per
 * operator instance.
 *
 * <p>For one rule set id, the highest version whose {@code effectiveFrom <= t} is the one in force
 * at {@code t} (if {@code t} is also before its {@code effectiveTo}): a newer version supersedes
 * older ones from its effective time, and a late event is still priced by the version in force when
 * it happened.
 */
public final class PriceBook {
  private static final Comparator<RuleSet> PREFERENCE =
      Comparator.comparingInt(RuleSet::specificity)
          .thenComparing(RuleSet::effectiveFrom)
          .thenComparingLong(RuleSet::version)
          .reversed()
          // Deterministic, so every parallel instance and any replay choose the same list.
          .thenComparing(RuleSet::id);

  private final Map<String, NavigableMap<Long, RuleSet>> byId = new HashMap<>();

  // Asked on every event (is anything priced by the period?): worked out once per change of the
  // book, not once per event.
  private Set<String> feeItems;
  private Set<String> recurringMeters;
  private Boolean hasMinimums;

  /** Adds a version; a version with the same id and version number replaces the one known. */
  public void add(RuleSet ruleSet) {
    forgetSummaries();
    byId.computeIfAbsent(ruleSet.id(), id -> new TreeMap<>()).put(ruleSet.version(), ruleSet);
  }

  /**
   * The rule set to price {@code meter} for {@code account} at {@code eventTime}: among the rule
   * sets in force then, in the account's currency, applying to the account and pricing the meter,
   * the most specific, then the latest effectiveFrom, then the highest version. A customer list
   * that does not price the meter thus falls back to the public list.
   */
  public Optional<RuleSet> select(AccountContext account, String meter, Instant eventTime) {
    RuleSet best = null;
    for (NavigableMap<Long, RuleSet> versions : byId.values()) {
      RuleSet inForce = inForce(versions, eventTime);
      if (inForce != null
          && inForce.currency().equals(account.currency())
          && inForce.prices(meter)
          && inForce.appliesTo(account)
          && (best == null || PREFERENCE.compare(inForce, best) < 0)) {
        best = inForce;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The rule set whose minimum spend applies to {@code account} at {@code time}: like {@link
   * #select}, among the rule sets in force that set a minimum.
   */
  public Optional<RuleSet> selectMinimum(AccountContext account, Instant time) {
    RuleSet best = null;
    for (NavigableMap<Long, RuleSet> versions : byId.values()) {
      RuleSet inForce = inForce(versions, time);
      if (inForce != null
          && inForce.hasMinimumSpend()
          && inForce.currency().equals(account.currency())
          && inForce.appliesTo(account)
          && (best == null || PREFERENCE.compare(inForce, best) < 0)) {
        best = inForce;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Every fee item ({@code "fee:<id>"}) any known version charges. */
  public Set<String> feeItems() {
    if (feeItems == null) {
      Set<String> items = new TreeSet<>();
      for (RuleSet ruleSet : versions()) {
        items.addAll(ruleSet.feeItems());
      }
      feeItems = Collections.unmodifiableSet(items); // sorted: fees start in one order
    }
    return feeItems;
  }

  /** Every recurring meter any known version declares. */
  public Set<String> recurringMeters() {
    if (recurringMeters == null) {
      Set<String> meters = new TreeSet<>();
      for (RuleSet ruleSet : versions()) {
        for (String item : ruleSet.recurringItems()) {
          if (ruleSet.meters().contains(item)) {
            meters.add(item);
          }
        }
      }
      recurringMeters = Collections.unmodifiableSet(meters);
    }
    return recurringMeters;
  }

  /** Whether any known version sets a minimum spend (else spend need not be tracked). */
  public boolean hasMinimums() {
    if (hasMinimums == null) {
      hasMinimums = versions().stream().anyMatch(RuleSet::hasMinimumSpend);
    }
    return hasMinimums;
  }

  /** The rule sets in force at {@code time}, one per id, most preferred first. */
  public List<RuleSet> inForceAt(Instant time) {
    List<RuleSet> result = new ArrayList<>();
    for (NavigableMap<Long, RuleSet> versions : byId.values()) {
      RuleSet inForce = inForce(versions, time);
      if (inForce != null) {
        result.add(inForce);
      }
    }
    result.sort(PREFERENCE);
    return result;
  }

  /**
   * Whether any known version of any rule set prices {@code meter} (else its events are
   * unpriceable).
   */
  public boolean knowsMeter(String meter) {
    for (NavigableMap<Long, RuleSet> versions : byId.values()) {
      for (RuleSet ruleSet : versions.values()) {
        if (ruleSet.prices(meter)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Drops the versions that can price nothing at or after {@code horizon} (the allowed-lateness
   * horizon): those superseded by a newer version effective by then, and those ended by then. Never
   * drops the version in force at the horizon, nor any that a later event could select. Returns the
   * dropped versions.
   */
  public List<RuleSet> evictBefore(Instant horizon) {
    forgetSummaries();
    List<RuleSet> dropped = new ArrayList<>();
    for (Iterator<NavigableMap<Long, RuleSet>> it = byId.values().iterator(); it.hasNext(); ) {
      NavigableMap<Long, RuleSet> versions = it.next();
      List<RuleSet> droppedHere = new ArrayList<>();
      Long newestEffective = null;
      for (RuleSet rs : versions.descendingMap().values()) {
        boolean superseded = newestEffective != null;
        // An ended version may go too: every older one is superseded by it, so no later event
        // can fall back to an older version once it is gone.
        boolean ended = rs.effectiveTo() != null && !rs.effectiveTo().isAfter(horizon);
        if (superseded || ended) {
          droppedHere.add(rs);
        }
        if (newestEffective == null && !rs.effectiveFrom().isAfter(horizon)) {
          newestEffective = rs.version();
        }
      }
      for (RuleSet rs : droppedHere) {
        versions.remove(rs.version());
      }
      dropped.addAll(droppedHere);
      if (versions.isEmpty()) {
        it.remove();
      }
    }
    return dropped;
  }

  /** Every version known, for snapshots and the rules-in-force side output. */
  public Collection<RuleSet> versions() {
    List<RuleSet> all = new ArrayList<>();
    for (NavigableMap<Long, RuleSet> versions : byId.values()) {
      all.addAll(versions.values());
    }
    return Collections.unmodifiableList(all);
  }

  private void forgetSummaries() {
    feeItems = null;
    recurringMeters = null;
    hasMinimums = null;
  }

  private static RuleSet inForce(NavigableMap<Long, RuleSet> versions, Instant time) {
    for (RuleSet rs : versions.descendingMap().values()) {
      if (!rs.effectiveFrom().isAfter(time)) {
        // The newest version effective by then decides alone, even if it has already ended.
        return rs.inForceAt(time) ? rs : null;
      }
    }
    return null;
  }
}

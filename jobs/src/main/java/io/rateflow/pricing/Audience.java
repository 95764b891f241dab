package io.rateflow.pricing;

import java.util.Set;

/**
 * Whom a price list or a promotion is for: everyone, or listed plans, segments or accounts. An
 * account belongs if any of its plan, segment or id is listed.
 */
record Audience(Set<String> plans, Set<String> segments, Set<String> accounts) {

  static final Audience EVERYONE = new Audience(Set.of(), Set.of(), Set.of());

  boolean isEveryone() {
    return plans.isEmpty() && segments.isEmpty() && accounts.isEmpty();
  }

  boolean includes(AccountContext account) {
    return isEveryone()
        || plans.contains(account.plan())
        || segments.contains(account.segment())
        || accounts.contains(account.accountId());
  }

  /** account=3 > segment=2 > plan=1 > everyone=0: the most targeted list wins. */
  int specificity() {
    if (!accounts.isEmpty()) {
      return 3;
    }
    if (!segments.isEmpty()) {
      return 2;
    }
    return plans.isEmpty() ? 0 : 1;
  }
}

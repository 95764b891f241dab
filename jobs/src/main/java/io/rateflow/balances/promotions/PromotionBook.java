package io.rateflow.balances.promotions;

import io.rateflow.balances.DeterministicId;
import io.rateflow.balances.Grant;
import io.rateflow.balances.GrantKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The promotions in force, evaluated against facts about one account. Stateless: every decision
 * follows from the fact alone, and every id it produces is derived from account, rule and the fact,
 * so replays and repeated facts produce the same offers and grant commands (which the wallet then
 * applies once).
 */
public record PromotionBook(List<PromotionRule> rules) {

  public PromotionBook {
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
  }

  /** What the promotions decide for {@code fact}. */
  public PromotionActions evaluate(PromotionFact fact) {
    List<PromotionOffer> offers = new ArrayList<>();
    List<Grant> grants = new ArrayList<>();
    for (PromotionRule rule : rules) {
      if (!rule.activeAt(fact.at())) {
        continue;
      }
      if (fact instanceof PromotionFact.FirstUse f
          && rule.trigger() == PromotionTrigger.FIRST_USE
          && rule.meter().equals(f.meter())) {
        act(rule, f.accountId(), f.at(), "first-use:" + f.meter(), 0, offers, grants);
      } else if (fact instanceof PromotionFact.ToppedUp t
          && rule.trigger() == PromotionTrigger.TOP_UP
          && rule.currency().getCurrencyCode().equals(t.currency())
          && t.amountMinor() >= rule.minTopUpMinor()) {
        act(
            rule,
            t.accountId(),
            t.at(),
            "top-up:" + t.commandId(),
            t.amountMinor(),
            offers,
            grants);
      } else if (fact instanceof PromotionFact.UsageAggregate u
          && rule.trigger() == PromotionTrigger.USAGE_ABOVE
          && rule.meter().equals(u.meter())
          // a crossing: at or below before this step, above after it; fires once per period
          && u.before().compareTo(rule.threshold()) <= 0
          && u.after().compareTo(rule.threshold()) > 0) {
        act(rule, u.accountId(), u.at(), u.periodStart().toString(), 0, offers, grants);
      }
    }
    return new PromotionActions(offers, grants);
  }

  private static void act(
      PromotionRule rule,
      String accountId,
      Instant at,
      String occasion,
      long topUpMinor,
      List<PromotionOffer> offers,
      List<Grant> grants) {
    if (rule.offer() != null) {
      offers.add(
          new PromotionOffer(
              DeterministicId.of(accountId, "promotion-offer", rule.id(), occasion),
              accountId,
              rule.id(),
              rule.offer().coupon(),
              rule.offer().message(),
              occasion,
              at));
    }
    if (rule.grant() != null) {
      long amount = rule.grant().amountFor(topUpMinor);
      if (amount <= 0) {
        return; // a percentage of a tiny top-up rounded down to nothing: nothing to grant
      }
      String commandId = DeterministicId.of(accountId, "promotion-grant", rule.id(), occasion);
      Instant expiry =
          rule.grant().expiresAfter() == null ? null : at.plus(rule.grant().expiresAfter());
      grants.add(
          Grant.money(
              commandId,
              at,
              GrantKind.PROMOTIONAL,
              amount,
              rule.currency().getCurrencyCode(),
              rule.grant().priority(),
              expiry,
              "promotion:" + rule.id()));
    }
  }
}

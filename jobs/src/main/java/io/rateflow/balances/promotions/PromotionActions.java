package io.rateflow.balances.promotions;

import io.rateflow.balances.Grant;
import java.util.List;

/**
 * What promotions decided for one fact: offers to publish, and grant commands to apply to the
 * wallet (each with a deterministic command id, so the wallet applies it exactly once).
 */
public record PromotionActions(List<PromotionOffer> offers, List<Grant> grants) {
  public PromotionActions {
    offers = List.copyOf(offers);
    grants = List.copyOf(grants);
  }

  /** Nothing to do. */
  public static PromotionActions none() {
    return new PromotionActions(List.of(), List.of());
  }

  /** Whether there is neither an offer nor a grant. */
  public boolean isEmpty() {
    return offers.isEmpty() && grants.isEmpty();
  }
}

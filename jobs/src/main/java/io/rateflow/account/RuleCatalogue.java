package io.rateflow.account;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.balances.promotions.PromotionBook;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.balances.promotions.PromotionRule;
import io.rateflow.pricing.PriceBook;
import io.rateflow.pricing.RuleParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration in force for rating, built from the documents of the rules topic: every pricing
 * version (the {@link PriceBook} picks the one in force at an event's time) and the latest version
 * of each promotion document. Charts of accounts are the ledger's and are ignored here.
 */
public final class RuleCatalogue {
  private final PriceBook book = new PriceBook();
  private final Map<String, PricingRule> promotionDocs = new TreeMap<>();
  private PromotionBook promotions = new PromotionBook(List.of());

  /**
   * Adds a document; false if it does not parse (the rules decoder has rejected it already, and
   * what was in force stays in force). Never throws for a bad document.
   */
  public boolean add(PricingRule r) {
    try {
      if (r.getKind() == RuleKind.PRICING) {
        book.add(RuleParser.parse(r.getDocument(), r.getSourceName()));
      } else if (r.getKind() == RuleKind.PROMOTION) {
        PromotionDocuments.parse(r.getSourceName(), r.getDocument());
        PricingRule current = promotionDocs.get(r.getRuleSetId());
        if (current == null || current.getVersion() < r.getVersion()) {
          promotionDocs.put(r.getRuleSetId(), r);
        }
        List<PromotionRule> all = new ArrayList<>();
        for (PricingRule doc : promotionDocs.values()) {
          all.addAll(PromotionDocuments.parse(doc.getSourceName(), doc.getDocument()));
        }
        promotions = new PromotionBook(all);
      }
      return true;
    } catch (Exception | StackOverflowError e) {
      // one document must never stop rating: it is simply not in force
      return false;
    }
  }

  /** Every pricing version kept, by meter, audience and effective time. */
  public PriceBook book() {
    return book;
  }

  /** The promotions in force (the latest version of each document). */
  public PromotionBook promotions() {
    return promotions;
  }
}

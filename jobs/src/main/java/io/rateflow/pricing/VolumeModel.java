package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Volume pricing: all units at the rate of the tier the aggregate has reached, plus that tier's
 * flat fee. The price can drop when a cheaper tier is reached, so an event crossing a boundary may
 * be a credit.
 */
record VolumeModel(List<Tier> tiers, FixedPointTiers fixed) implements CumulativeModel {

  VolumeModel(List<Tier> tiers) {
    this(
        tiers, FixedPointTiers.of(tiers, "tier", tiers.stream().map(Tier::label).toList(), " fee"));
  }

  @Override
  public String name() {
    return "volume";
  }

  @Override
  public boolean price(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    return fixed != null && fixed.volume(before, after, money, out);
  }

  @Override
  public List<PriceLine> linesAt(BigDecimal aggregate) {
    List<PriceLine> lines = new ArrayList<>();
    for (Tier tier : tiers) {
      if (tier.contains(aggregate)) {
        lines.add(new PriceLine("tier", tier.label(), aggregate, tier.rate()));
        if (tier.hasFlatFee()) {
          lines.add(
              new PriceLine("flat_fee", tier.label() + " fee", BigDecimal.ONE, tier.flatFee()));
        }
      }
    }
    return lines;
  }
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Graduated (a.k.a. tiered) pricing: the units falling in each tier are charged at that tier's
 * rate, plus each entered tier's flat fee. Also serves graduated percentage, where the aggregate is
 * the period's cumulative value and the rate is a fraction of it.
 */
record GraduatedModel(
    String name, List<Tier> tiers, Measure measure, String kind, FixedPointTiers fixed)
    implements CumulativeModel {

  /**
   * {@code fixed} is derived from the tiers, once, at parse time (null when they do not fit in it).
   */
  GraduatedModel(String name, List<Tier> tiers, Measure measure, String kind) {
    this(
        name,
        tiers,
        measure,
        kind,
        FixedPointTiers.of(tiers, kind, tiers.stream().map(Tier::label).toList(), " entry fee"));
  }

  static GraduatedModel ofUnits(List<Tier> tiers) {
    return new GraduatedModel("graduated", List.copyOf(tiers), Measure.QUANTITY, "tier");
  }

  static GraduatedModel ofValue(List<Tier> tiers) {
    return new GraduatedModel(
        "graduated_percentage", List.copyOf(tiers), Measure.VALUE, "percentage");
  }

  @Override
  public boolean price(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    return fixed != null && fixed.graduated(before, after, money, out);
  }

  @Override
  public List<PriceLine> linesAt(BigDecimal aggregate) {
    List<PriceLine> lines = new ArrayList<>();
    for (Tier tier : tiers) {
      BigDecimal units = tier.unitsIn(aggregate);
      if (units.signum() == 0) {
        break;
      }
      lines.add(new PriceLine(kind, tier.label(), units, tier.rate()));
      if (tier.hasFlatFee()) {
        lines.add(
            new PriceLine("flat_fee", tier.label() + " entry fee", BigDecimal.ONE, tier.flatFee()));
      }
    }
    return lines;
  }
}

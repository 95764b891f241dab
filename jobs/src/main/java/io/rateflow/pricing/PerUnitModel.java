package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/** Every unit of the aggregate at one price. */
record PerUnitModel(BigDecimal unitPrice, FixedPointTiers fixed) implements CumulativeModel {

  /** Priced in fixed point as volume pricing with one unbounded tier. */
  PerUnitModel(BigDecimal unitPrice) {
    this(
        unitPrice,
        FixedPointTiers.of(
            List.of(new Tier(1, BigDecimal.ZERO, null, unitPrice, BigDecimal.ZERO)),
            "unit",
            List.of("per unit"),
            ""));
  }

  @Override
  public String name() {
    return "per_unit";
  }

  @Override
  public boolean price(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    return fixed != null && fixed.volume(before, after, money, out);
  }

  @Override
  public List<PriceLine> linesAt(BigDecimal aggregate) {
    if (aggregate.signum() == 0) {
      return List.of();
    }
    return List.of(new PriceLine("unit", "per unit", aggregate, unitPrice));
  }
}

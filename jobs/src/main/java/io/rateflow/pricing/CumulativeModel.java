package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A model that prices a period's aggregate as a whole. An event is charged {@code
 * round(price(after)) − round(price(before))}, so the rounded charges of a period telescope to
 * exactly the rounded price of the period's total usage.
 */
non-sealed interface CumulativeModel extends PriceModel {

  /**
   * The exact, unrounded price of {@code aggregate} (≥ 0), as explainable lines; no lines for zero
   * usage.
   */
  List<PriceLine> linesAt(BigDecimal aggregate);

  /**
   * Fast path: puts the charge of the event taking the aggregate from {@code before} to {@code
   * after}, and its lines and rounding line, into {@code out}, exactly as the reference algorithm
   * of {@link RuleSet} (built on {@link #linesAt}) would, or returns false and leaves {@code out}
   * untouched, and then the reference algorithm prices the event.
   */
  default boolean price(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    return false;
  }
}

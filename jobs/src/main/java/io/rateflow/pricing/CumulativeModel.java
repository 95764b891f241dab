package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A model that prices a period's aggregate as a whole. An event is charged
 * {@code round(price(after)) − round(price(before))}, so the rounded charges of a period telescope to
 * exactly the rounded price of the period's total usage.
 */
non-sealed interface CumulativeModel extends PriceModel {

    /** The exact, unrounded price of {@code aggregate} (≥ 0), as explainable lines; no lines for zero usage. */
    List<PriceLine> linesAt(BigDecimal aggregate);
}

package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/** Every unit of the aggregate at one price. */
record PerUnitModel(BigDecimal unitPrice) implements CumulativeModel {

    @Override
    public String name() {
        return "per_unit";
    }

    @Override
    public List<PriceLine> linesAt(BigDecimal aggregate) {
        if (aggregate.signum() == 0) {
            return List.of();
        }
        return List.of(new PriceLine("unit", "per unit", aggregate, unitPrice));
    }
}

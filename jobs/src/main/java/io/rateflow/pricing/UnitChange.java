package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/** A change of a recurring meter's count at one instant: +3 seats, −1 seat. */
public record UnitChange(Instant at, BigDecimal delta) {}

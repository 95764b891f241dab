package io.rateflow.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The count timeline of a recurring meter (or a recurring fee) in one billing period: the units
 * held when the period began, and every change within it in time order. The period's price is a
 * pure function of it, so a change, a late change or a period start is charged as the difference it
 * makes to that price.
 */
public record RecurringUnits(BigDecimal startCount, List<UnitChange> changes) {

  public RecurringUnits {
    changes = List.copyOf(changes);
  }

  /** A period that begins with {@code count} units held and no change yet. */
  public static RecurringUnits startingWith(BigDecimal count) {
    return new RecurringUnits(count, List.of());
  }

  /** The units held after every change known so far. */
  public BigDecimal count() {
    BigDecimal c = startCount;
    for (UnitChange change : changes) {
      c = c.add(change.delta());
    }
    return c;
  }
}

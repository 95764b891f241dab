package io.rateflow.pricing;

import java.math.BigDecimal;

/**
 * A meter's cap per period: its charges in a period stop at {@code capMinor}. Applied to the
 * period's uncapped total U of the meter's charges, an event is charged {@code min(U_after, cap) −
 * min(U_before, cap)}: the crossing event is cut to the remainder, later ones cost nothing, and a
 * credit that takes U back under the cap is credited only below it. The charges telescope, so a
 * period's capped charges add up to exactly {@code min(U, cap)}.
 */
record MeterCap(long capMinor, String label) {

  static MeterCap of(BigDecimal cap, Money money) {
    // Exact: the parser refuses a cap finer than the minor unit.
    return new MeterCap(
        money.toMinor(cap), "cap " + cap.setScale(money.digits()).toPlainString() + " per period");
  }

  /**
   * The capped charge of an event taking the uncapped total from {@code before} to {@code after}.
   */
  long charge(long uncappedBefore, long uncappedAfter) {
    return Math.min(uncappedAfter, capMinor) - Math.min(uncappedBefore, capMinor);
  }
}

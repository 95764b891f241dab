package io.rateflow.pricing;

/** What a charge is for: the ledger books each kind with its own journal lines. */
public enum ChargeKind {
  /** A usage event priced by its meter. */
  USAGE,
  /** A recurring meter's units added (a charge) or removed (a credit) mid-period, pro rata. */
  PRORATION,
  /**
   * A recurring meter's units held at a period's start, charged for the whole period (and a late
   * change carried into a period already begun).
   */
  RECURRING,
  /** A plan's recurring fee: in advance at each period start, pro rata when the plan changes. */
  SUBSCRIPTION_FEE,
  /** What brings a closed period's spend up to its minimum (and its later adjustments). */
  MINIMUM_TRUE_UP;

  /**
   * Whether a charge of this kind (as written on the charges topic; absent means USAGE) is the
   * charge of a usage event, which counts that event as rated. Period starts, fees, true-ups and a
   * late change carried into a later period are charges no input event maps to one to one.
   */
  public static boolean ratesAnEvent(String kind) {
    return kind == null || kind.equals(USAGE.name()) || kind.equals(PRORATION.name());
  }
}

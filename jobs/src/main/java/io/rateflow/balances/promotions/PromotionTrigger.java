package io.rateflow.balances.promotions;

/** The fact a promotion rule reacts to; {@link #yamlName()} is how documents spell it. */
public enum PromotionTrigger {
  /** The account used a meter (product) for the first time. */
  FIRST_USE("first-use"),
  /** The account topped up at least a minimum amount. */
  TOP_UP("top-up"),
  /** The account's usage of a meter in a billing period went above a threshold. */
  USAGE_ABOVE("usage-above");

  private final String yamlName;

  PromotionTrigger(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The spelling in promotion documents, e.g. {@code first-use}. */
  public String yamlName() {
    return yamlName;
  }
}

package io.rateflow.pricing;

import java.util.List;
import java.util.Map;

/**
 * What a rule set says beyond usage prices: which meters are recurring (with their proration), its
 * recurring fees in document order, and its minimum spend (null when none).
 */
record RecurringTerms(
    Map<String, Proration> recurringMeters, List<RecurringFee> fees, MinimumSpend minimum) {

  static final RecurringTerms NONE = new RecurringTerms(Map.of(), List.of(), null);

  RecurringTerms {
    recurringMeters = Map.copyOf(recurringMeters);
    fees = List.copyOf(fees);
  }
}

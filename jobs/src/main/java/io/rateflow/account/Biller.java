package io.rateflow.account;

import io.rateflow.pricing.RatingResult;
import java.time.Instant;

/**
 * Bills a charge that no usage event carries (a period start, a plan's fee, a true-up, a late
 * change carried into a later period): the engine funds it and emits it like a usage charge, under
 * the synthetic, deterministic {@code eventId} given, so a replay produces the same charge ids.
 */
@FunctionalInterface
interface Biller {
  void bill(PeriodWork work, String eventId, String item, Instant at, RatingResult.Priced priced)
      throws Exception;
}

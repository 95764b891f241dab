package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.RatingResult;
import java.time.Instant;

/**
 * What periodic work on one account needs while the engine handles one input or timer: the account,
 * its state and {@link PeriodIndex}, the outputs, and how to bill. Without a biller (an estimate)
 * nothing is billed or stored.
 */
final class PeriodWork {
  final AccountProfile profile;
  final AccountContext context;
  final AccountState state;
  final PeriodIndex index;
  final long now;
  final AccountOutputs out;
  private final Biller biller;

  PeriodWork(
      AccountProfile profile,
      AccountContext context,
      AccountState state,
      PeriodIndex index,
      long now,
      AccountOutputs out,
      Biller biller) {
    this.profile = profile;
    this.context = context;
    this.state = state;
    this.index = index;
    this.now = now;
    this.out = out;
    this.biller = biller;
  }

  /** An estimate: work out what would be charged, bill and store nothing. */
  boolean dryRun() {
    return biller == null;
  }

  void bill(String eventId, String item, Instant at, RatingResult.Priced priced) throws Exception {
    biller.bill(this, eventId, item, at, priced);
  }

  /** Writes the index back if the work changed it. */
  void done() throws Exception {
    if (!dryRun()) {
      index.store(state, now);
    }
  }
}

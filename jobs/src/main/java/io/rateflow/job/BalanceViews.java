package io.rateflow.job;

import io.rateflow.avro.BalanceView;
import io.rateflow.balances.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Balance views at most once per account per checkpoint interval, each the account's latest: the
 * balances topic is compacted and only committed at checkpoints, so a view per change would be
 * written and then hidden by the next one. A change marks the account and asks for a
 * processing-time timer at the next multiple of {@code checkpoint.interval}; the timer emits the
 * latest view. Advice of charge and triggers do not wait: they are not views.
 *
 * <p>The latest view is kept on the heap, one per account changed in the interval. The mark is in
 * keyed state (written once per interval) with the time of the first change, so that after a
 * restore, when the heap is empty but the timer comes back, the view is rebuilt from the stored
 * wallet as of that time. In BATCH runs the timers fire at the end of each key.
 */
final class BalanceViews {
  private final ValueState<Long> due;
  private final long intervalMillis;

  /** The latest view of each account marked in this interval, by account. */
  private final Map<String, BalanceView> latest = new HashMap<>();

  BalanceViews(RuntimeContext rc, Duration interval) {
    due = rc.getState(new ValueStateDescriptor<>("balance-view-due", Types.LONG));
    intervalMillis = interval.toMillis();
  }

  /** The account's balances changed: {@code view} is its latest. */
  void changed(String account, BalanceView view, Callback call) throws Exception {
    if (!call.keyed()) {
      // The broadcast side (a held input released by a rule) cannot register a keyed timer: the
      // view goes now, and whatever was due for the account with it.
      latest.remove(account);
      due.clear();
      call.emit(RatingPipeline.BALANCES, view);
      return;
    }
    if (latest.put(account, view) == null) {
      // first change in the interval, or since a restore: (re-)registering a timer is idempotent
      if (due.value() == null) {
        due.update(view.getAsOf().toEpochMilli());
      }
      call.timers().registerProcessingTimeTimer(nextTick(call.now()));
    }
  }

  /**
   * A processing-time timer of the account at {@code timestamp}: at a tick, emits its view if one
   * is due. Other timers of the account (held inputs, grant expiry) leave the view to its tick.
   */
  void onTimer(String account, long timestamp, KeyedAccountState state, Callback call)
      throws Exception {
    if (timestamp % intervalMillis != 0) {
      return;
    }
    BalanceView view = latest.remove(account);
    Long asOf = due.value();
    if (asOf == null && view == null) {
      return; // another timer of the account (held inputs, expiry)
    }
    due.clear();
    if (view == null) {
      // restored: the heap copy is gone, the stored wallet is the latest state
      Wallet wallet = state.storedWallet();
      if (wallet == null) {
        return;
      }
      view = BalanceMapping.view(wallet.snapshot(Instant.ofEpochMilli(asOf)));
    }
    call.emit(RatingPipeline.BALANCES, view);
  }

  /** Accounts with a view waiting on the heap (tests). */
  int waiting() {
    return latest.size();
  }

  /** The first multiple of the interval after {@code now}: one timer per account and interval. */
  long nextTick(long now) {
    return (Math.floorDiv(now, intervalMillis) + 1) * intervalMillis;
  }
}

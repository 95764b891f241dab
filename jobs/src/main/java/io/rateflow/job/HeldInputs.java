package io.rateflow.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Inputs a keyed operator holds until what they need arrives (a profile, a rule, a chart of
 * accounts): Flink orders nothing between a keyed and a broadcast input. Bounded per key, released
 * on every retry that succeeds, and handed back as expired once they have waited the timeout —
 * never silently dropped.
 *
 * <p>The marker state exists for the broadcast side, which iterates it with {@code
 * applyToKeyedState} to find the keys with held inputs; it is never written during that iteration
 * ({@code mayClearMarker} false), which some state backends would not allow.
 */
final class HeldInputs<T> {
  /** Tries a held input again; true when it is done (processed or rejected). */
  interface Attempt<T> {
    boolean tryNow(T input) throws Exception;
  }

  /** Called for an input that waited the whole timeout in vain. */
  interface Expired<T> {
    void expired(T input) throws Exception;
  }

  /**
   * Called for an input that waited the whole timeout in vain; true when it is done (rejected),
   * false to keep holding it (what it waits for has no timeout, e.g. the rules loading at
   * start-up).
   */
  interface MayExpire<T> {
    boolean expired(T input) throws Exception;
  }

  private final ListState<T> inputs;
  private final ValueState<Integer> count;
  private final ValueState<Long> marker;
  private final ToLongFunction<T> heldSince;
  private final int max;
  private final long timeoutMillis;

  HeldInputs(
      RuntimeContext rc,
      String name,
      TypeInformation<T> type,
      ValueStateDescriptor<Long> markerDescriptor,
      ToLongFunction<T> heldSince,
      int max,
      Duration timeout) {
    this.inputs = rc.getListState(new ListStateDescriptor<>(name, type));
    this.count = rc.getState(new ValueStateDescriptor<>(name + "-count", Types.INT));
    this.marker = rc.getState(markerDescriptor);
    this.heldSince = heldSince;
    this.max = max;
    this.timeoutMillis = timeout.toMillis();
  }

  /** The marker descriptor of a held-inputs state named {@code name}. */
  static ValueStateDescriptor<Long> marker(String name) {
    return new ValueStateDescriptor<>(name + "-marker", Types.LONG);
  }

  /** How many inputs the current key holds. */
  int size() throws Exception {
    Integer n = count.value();
    return n == null ? 0 : n;
  }

  /** Whether the current key may hold inputs. */
  boolean any() throws Exception {
    return marker.value() != null;
  }

  /**
   * Holds an input (whose held-since time the caller has set) and asks for a timer at its deadline,
   * rounded up to the second so that a burst shares one timer ({@code timers} null on the broadcast
   * side: the caller makes sure a keyed callback of the key comes). False when the key already
   * holds the maximum: the caller rejects the input.
   */
  boolean hold(T input, long now, TimerService timers) throws Exception {
    int n = size();
    if (n >= max) {
      return false;
    }
    inputs.add(input);
    count.update(n + 1);
    if (marker.value() == null) {
      marker.update(now);
    }
    if (timers != null) {
      timers.registerProcessingTimeTimer(roundUp(now + timeoutMillis));
    } // else the broadcast side: a keyed callback of the key retries it with timers (see retry)
    return true;
  }

  /** Tries every held input again; those past the timeout that are still not done expire. */
  void retry(long now, boolean mayClearMarker, Attempt<T> attempt, Expired<T> expired)
      throws Exception {
    retry(
        now,
        0,
        mayClearMarker,
        null,
        attempt,
        input -> {
          expired.expired(input);
          return true;
        });
  }

  /**
   * Tries every held input again; those past the timeout that are still not done expire. The wait
   * of an input counts from its held-since time or from {@code waitFrom}, whichever is later (the
   * moment what it waited for without a timeout arrived). With {@code timers} (keyed callbacks
   * only), every input kept gets a timer at its deadline, or a timeout from now if it is kept past
   * it: so each held input always has a timer to come, whichever callback retried it.
   */
  void retry(
      long now,
      long waitFrom,
      boolean mayClearMarker,
      TimerService timers,
      Attempt<T> attempt,
      MayExpire<T> expired)
      throws Exception {
    Iterable<T> held = inputs.get();
    List<T> still = new ArrayList<>();
    if (held != null) {
      for (T input : held) {
        if (attempt.tryNow(input)) {
          continue;
        }
        long deadline = Math.max(heldSince.applyAsLong(input), waitFrom) + timeoutMillis;
        if (now >= deadline && expired.expired(input)) {
          continue;
        }
        still.add(input);
        if (timers != null) {
          timers.registerProcessingTimeTimer(
              roundUp(deadline > now ? deadline : now + timeoutMillis));
        }
      }
    }
    if (still.isEmpty()) {
      inputs.clear();
      count.clear();
      if (mayClearMarker) {
        marker.clear();
      }
    } else {
      inputs.update(still);
      count.update(still.size());
    }
  }

  /** Rounded up to the second, so that a burst shares one timer. */
  private static long roundUp(long t) {
    return (t / 1000 + 1) * 1000;
  }
}

package io.rateflow.cli.soak;

import io.rateflow.job.RatingJob;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The soak's operator faults: a pass-through map at every tap point of the job that throws once
 * when its point is armed. The switch is a static of this JVM: the soak's MiniCluster runs in the
 * same process, so arming it here reaches every subtask, and exactly one of them throws.
 */
public final class InjectedFaults implements RatingJob.StreamTap {
  /** Tap points that carry records in every soak, so an armed fault is sure to fire. */
  public static final List<String> BUSY_POINTS =
      List.of("source:events", "sink:charges", "sink:journal", "sink:balances");

  private static final AtomicReference<String> ARMED = new AtomicReference<>();
  private static final AtomicInteger FIRED = new AtomicInteger();

  /** Arms {@code point}: the next record through it makes its operator throw. */
  public static void arm(String point) {
    ARMED.set(point);
  }

  /** Disarms whatever is armed; returns whether something was still armed (i.e. did not fire). */
  public static boolean disarm() {
    return ARMED.getAndSet(null) != null;
  }

  /** How many injected exceptions were thrown in this JVM. */
  public static int fired() {
    return FIRED.get();
  }

  static boolean fire(String point) {
    // compareAndSet compares references, and the task's copy of the point name is a deserialised
    // one
    String armed = ARMED.get();
    if (point.equals(armed) && ARMED.compareAndSet(armed, null)) {
      FIRED.incrementAndGet();
      return true;
    }
    return false;
  }

  @Override
  public <T> DataStream<T> apply(String point, DataStream<T> stream) {
    SingleOutputStreamOperator<T> tapped =
        stream
            .map(new ThrowWhenArmed<>(point), stream.getType())
            .uid("soak-fault-" + point.replace(':', '-'))
            .name("fault injection (" + point + ")");
    // Same parallelism as the stream it taps: a different one would shuffle, and reorder, its
    // records.
    if (stream.getParallelism() > 0) {
      tapped.setParallelism(stream.getParallelism());
    }
    return tapped;
  }

  /** Thrown by an armed tap; the restart strategy must ride it out. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String point) {
      super(
          "fault injected by rateflow soak at "
              + point
              + " (expected: the job restarts from its last checkpoint)");
    }
  }

  private static final class ThrowWhenArmed<T> implements MapFunction<T, T> {
    private final String point;

    ThrowWhenArmed(String point) {
      this.point = point;
    }

    @Override
    public T map(T value) {
      if (fire(point)) {
        throw new InjectedFault(point);
      }
      return value;
    }
  }
}

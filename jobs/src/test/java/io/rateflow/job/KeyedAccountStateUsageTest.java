package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.UsageState;
import io.rateflow.job.types.RecordTypeInfo;
import io.rateflow.job.types.UsageStateSerializerV1;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import io.rateflow.pricing.RecurringUnits;
import io.rateflow.pricing.UnitChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-period data of issue 12 in keyed state: a recurring item's count timeline, a meter's
 * event count and uncapped charges, a minimum's spend. What the engine reads back is what it
 * stored, from the cache and, after a restore, from the state; and usage state of the previous
 * format restores with the new fields at their defaults.
 */
class KeyedAccountStateUsageTest {
  private static final long START = Instant.parse("2026-11-10T08:00:00Z").toEpochMilli();
  private static final String SEATS = "seats|2026-11";
  private static final String API_CALLS = "api_calls|2026-11";
  private static final String FEE = "fee:platform@pro-rules|2026-11";

  /** Clock and what the function read; static: the function is serialized into the operator. */
  private static final AtomicLong CLOCK = new AtomicLong();

  private static final List<Object> READ = new ArrayList<>();

  private static final RatingConfig CONFIG = RatingConfig.defaults("unused:9092");

  private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;

  /** Seats: 5 held at the start, +3 on the 10th (a sub-millisecond instant), −1 on the 20th. */
  static MeterAggregate seats() {
    return new MeterAggregate(
        "2026-11",
        new BigDecimal("7"),
        Set.of(),
        2,
        12_345,
        new RecurringUnits(
            new BigDecimal("5"),
            List.of(
                new UnitChange(Instant.parse("2026-11-10T08:00:00.123456Z"), new BigDecimal("3")),
                new UnitChange(Instant.parse("2026-11-20T00:00:00Z"), new BigDecimal("-1.0")))));
  }

  static MeterAggregate seatsAsStored() {
    return new MeterAggregate(
        "2026-11",
        new BigDecimal("7"),
        Set.of(),
        2,
        12_345,
        new RecurringUnits(
            new BigDecimal("5"),
            List.of(
                new UnitChange(Instant.parse("2026-11-10T08:00:00.123Z"), new BigDecimal("3")),
                new UnitChange(Instant.parse("2026-11-20T00:00:00Z"), new BigDecimal("-1.0")))));
  }

  /** A fee's period that began with none held: a recurring aggregate of count 0, no change. */
  static MeterAggregate feeNotHeld() {
    return new MeterAggregate(
        "2026-11", BigDecimal.ZERO, Set.of(), 0, 0, RecurringUnits.startingWith(BigDecimal.ZERO));
  }

  static MeterAggregate apiCalls() {
    return new MeterAggregate(
        "2026-11", new BigDecimal("1234.500000"), Set.of("u1", "u2"), 42, 99_999_999_999L, null);
  }

  static PeriodSpend spend() {
    return new PeriodSpend("2026-11", 8_250, 1_750, true);
  }

  @BeforeEach
  void reset() {
    CLOCK.set(START);
    READ.clear();
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "hashmap"})
  void whatIsStoredReadsBackFromTheCacheAndAfterARestoreFromTheState(String backend)
      throws Exception {
    harness = harness(backend, new Engine(), null);
    harness.processElement("acc-1|write", START);
    harness.processElement("acc-1|read", START);
    List<Object> cached = List.copyOf(READ);
    OperatorSubtaskState snapshot = harness.snapshot(1, START);
    harness.close();

    READ.clear();
    CLOCK.addAndGet(Duration.ofDays(1).toMillis());
    harness = harness(backend, new Engine(), snapshot);
    harness.processElement("acc-1|read", CLOCK.get());

    List<Object> expected =
        List.of(
            seatsAsStored(),
            feeNotHeld(),
            apiCalls(),
            spend(),
            MeterAggregate.empty("2026-12"),
            PeriodSpend.empty("2026-12"));
    assertThat(cached).containsExactlyElementsOf(expected);
    assertThat(READ).containsExactlyElementsOf(expected);
  }

  @Test
  void anotherAccountSeesNoneOfIt() throws Exception {
    harness = harness("rocksdb", new Engine(), null);
    harness.processElement("acc-1|write", START);
    harness.processElement("acc-2|read", START);
    assertThat(READ)
        .containsExactly(
            MeterAggregate.empty("2026-11"),
            MeterAggregate.empty("2026-11"),
            MeterAggregate.empty("2026-11"),
            PeriodSpend.empty("2026-11"),
            MeterAggregate.empty("2026-12"),
            PeriodSpend.empty("2026-12"));
  }

  /** An upgrade: usage state of format version 1 reads as before, and is written anew as 2. */
  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "hashmap"})
  void usageStateOfThePreviousFormatRestores(String backend) throws Exception {
    harness = harness(backend, new PreviousFormat(), null);
    harness.processElement("acc-1|write", START);
    OperatorSubtaskState old = harness.snapshot(1, START);
    harness.close();

    harness = harness(backend, new Engine(), old);
    harness.processElement("acc-1|read-api-calls", START);
    OperatorSubtaskState migrated = harness.snapshot(2, START);
    harness.close();
    harness = harness(backend, new Engine(), migrated);
    harness.processElement("acc-1|read-api-calls", START);

    MeterAggregate before =
        new MeterAggregate("2026-11", new BigDecimal("1234.500000"), Set.of("u1", "u2"));
    assertThat(READ).containsExactly(before, before);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      String backend, KeyedProcessFunction<String, String, String> f, OperatorSubtaskState restore)
      throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(f), k -> k.substring(0, k.indexOf('|')), Types.STRING);
    h.setStateBackend(
        backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
    h.setStateTtlProcessingTime(CLOCK.get());
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  /** Writes and reads the account's per-period data as the account engine does. */
  private static final class Engine extends KeyedProcessFunction<String, String, String> {
    private transient KeyedAccountState state;

    @Override
    public void open(OpenContext ctx) {
      state = new KeyedAccountState(getRuntimeContext(), CONFIG, CLOCK::get);
    }

    @Override
    public void processElement(String command, Context ctx, Collector<String> out)
        throws Exception {
      state.bind(ctx.getCurrentKey());
      long now = CLOCK.get();
      switch (command.substring(command.indexOf('|') + 1)) {
        case "write" -> {
          state.storeAggregate(SEATS, seats(), now);
          state.storeAggregate(FEE, feeNotHeld(), now);
          state.storeAggregate(API_CALLS, apiCalls(), now);
          state.storeSpend(spend(), now);
        }
        case "read" -> {
          READ.add(state.aggregate(SEATS, "2026-11", now));
          READ.add(state.aggregate(FEE, "2026-11", now));
          READ.add(state.aggregate(API_CALLS, "2026-11", now));
          READ.add(state.spend("2026-11", now));
          READ.add(state.aggregate("seats|2026-12", "2026-12", now));
          READ.add(state.spend("2026-12", now));
        }
        case "read-api-calls" -> READ.add(state.aggregate(API_CALLS, "2026-11", now));
        default -> throw new IllegalArgumentException(command);
      }
    }
  }

  /** The usage state as releases before issue 12 wrote it: format version 1, the job's TTL. */
  private static final class PreviousFormat extends KeyedProcessFunction<String, String, String> {
    private transient MapState<String, UsageState> usage;

    @Override
    public void open(OpenContext ctx) {
      MapStateDescriptor<String, UsageState> d =
          new MapStateDescriptor<>(
              "usage",
              Types.STRING,
              new RecordTypeInfo<>(UsageState.class, UsageStateSerializerV1.INSTANCE));
      d.enableTimeToLive(
          StateTtlConfig.newBuilder(Duration.ofDays(32).plus(CONFIG.allowedLateness()))
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
      usage = getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(String command, Context ctx, Collector<String> out)
        throws Exception {
      usage.put(
          API_CALLS,
          UsageState.newBuilder()
              .setPeriod("2026-11")
              .setAggregate("1234.500000")
              .setUniques(List.of("u1", "u2"))
              .build());
    }
  }
}

package io.rateflow.bench;

import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PriceComponent;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-threaded cost of {@link RuleSet#rate} for each price model the demo catalogue uses, one
 * event per operation (so ops/s = events/s on one core). Inputs are precomputed, varied (several
 * thousand usages, aggregates spread over every tier, times over the whole week, several time
 * zones) and cycled, so neither branch prediction nor a constant-folding JIT sees one event. The
 * result is returned, so JMH sinks it into a Blackhole and nothing is eliminated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class RatingBenchmark {
  private static final int SIZE = 4096; // a power of two: the index wraps with a mask
  private static final ZoneId[] ZONES = {
    ZoneId.of("UTC"),
    ZoneId.of("America/New_York"),
    ZoneId.of("Europe/Berlin"),
    ZoneId.of("America/Los_Angeles")
  };
  // Mid-month, so that no time zone moves an event into another billing period than its
  // aggregate's.
  private static final Instant MID_MARCH = Instant.parse("2026-03-09T00:00:00Z");
  private static final String PERIOD = "2026-03";

  /** One precomputed call of {@code rate}. */
  record Input(AccountContext account, Usage usage, MeterAggregate before) {}

  private RuleSet publicUsd;
  private Input[] graduated;
  private Input[] perUnit;
  private Input[] timeOfDay;
  private Input[] percentage;
  private Input[] uniqueCount;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    publicUsd = Catalogue.byId("public-usd");
    SplittableRandom r = new SplittableRandom(7);
    graduated = new Input[SIZE];
    perUnit = new Input[SIZE];
    timeOfDay = new Input[SIZE];
    percentage = new Input[SIZE];
    uniqueCount = new Input[SIZE];
    for (int i = 0; i < SIZE; i++) {
      AccountContext account =
          new AccountContext("acct-" + i, "payg", "smb", "USD", ZONES[r.nextInt(ZONES.length)]);
      Instant at = MID_MARCH.plusSeconds(r.nextLong(7 * 24 * 3600L));
      // api_calls as the demo traffic sends them (1..2000 calls per event), on top of a month so
      // far
      // anywhere from 0 to 20 million calls, log-uniform so that each of the five tiers gets its
      // share.
      graduated[i] =
          new Input(
              account,
              usage("api_calls", decimal(1 + r.nextInt(2_000), 0), at, null),
              aggregate(logUniform(r, 20_000_000L), 0));
      // storage_gb: per_unit on the month's peak, so only a new peak costs (half the events do).
      perUnit[i] =
          new Input(
              account,
              usage("storage_gb", decimal(1 + r.nextInt(500_000), 3), at, null),
              aggregate(r.nextInt(500_000), 3));
      // compute_minutes: peak (Mon-Fri 08-20) or off-peak by the account's local time.
      timeOfDay[i] =
          new Input(
              account,
              usage("compute_minutes", decimal(1 + r.nextInt(6_000), 2), at, null),
              aggregate(r.nextInt(10_000_000), 2));
      // payments: 2.9% + 0.30 of 5.00..505.00, bounded to 0.50..25.00, each event on its own.
      percentage[i] =
          new Input(
              account,
              usage("payments", BigDecimal.ONE, at, decimal(500 + r.nextInt(50_000), 2)),
              aggregate(r.nextInt(10_000), 0));
      // active_users: distinct user_id values of the month so far (the demo draws from 400 users),
      // so
      // the aggregate carries up to 400 ids that are copied whenever a new one arrives.
      Set<String> users = new HashSet<>();
      int known = r.nextInt(401);
      for (int u = 0; u < known; u++) {
        users.add("u" + u);
      }
      uniqueCount[i] =
          new Input(
              account,
              new Usage(
                  "evt-u" + i,
                  "active_users",
                  BigDecimal.ONE.setScale(6),
                  at,
                  Map.of("user_id", "u" + r.nextInt(400)),
                  null,
                  null),
              new MeterAggregate(PERIOD, BigDecimal.valueOf(users.size()), users));
    }
    for (Input[] inputs : new Input[][] {graduated, perUnit, timeOfDay, percentage, uniqueCount}) {
      for (Input in : inputs) {
        if (!(publicUsd.rate(in.account(), in.usage(), in.before())
            instanceof RatingResult.Priced)) {
          throw new IllegalStateException(
              "benchmark input is refused, so it would measure the refusal: " + in);
        }
      }
    }
  }

  private static Usage usage(String meter, BigDecimal quantity, Instant at, BigDecimal value) {
    // Scale 6, as the Avro decimal of ActivityEvent delivers every quantity.
    return new Usage(
        "evt-" + Long.toHexString(at.toEpochMilli() ^ quantity.unscaledValue().longValue()),
        meter,
        quantity.setScale(6),
        at,
        Map.of(),
        value == null ? null : value.setScale(6),
        null);
  }

  private static BigDecimal decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale);
  }

  private static MeterAggregate aggregate(long unscaled, int scale) {
    return new MeterAggregate(PERIOD, BigDecimal.valueOf(unscaled, scale).setScale(6), null);
  }

  private static long logUniform(SplittableRandom r, long max) {
    return r.nextInt(20) == 0 ? 0 : (long) Math.exp(r.nextDouble() * Math.log(max));
  }

  private Input next(Input[] inputs) {
    Input in = inputs[next];
    next = (next + 1) & (SIZE - 1);
    return in;
  }

  @Benchmark
  public RatingResult uniqueCount() {
    Input in = next(uniqueCount);
    return publicUsd.rate(in.account(), in.usage(), in.before());
  }

  /**
   * The billing-period key alone (YearMonth in the account's zone), which every rating computes.
   */
  @Benchmark
  public String billingPeriodKey() {
    Input in = next(graduated);
    return publicUsd.periodOf("api_calls", in.account(), in.usage().eventTime());
  }

  /** The precomputed api_calls inputs, for benchmarks of alternative implementations. */
  Input[] graduatedInputs() {
    return graduated;
  }

  /** The goal of issue 6: at least 5 million events/s on one core. */
  @Benchmark
  public RatingResult graduated5Tiers() {
    Input in = next(graduated);
    return publicUsd.rate(in.account(), in.usage(), in.before());
  }

  /**
   * {@link #graduated5Tiers} and then every string of the breakdown read, as the job does when it
   * encodes the charge: what pricing costs when nothing is deferred past it.
   */
  @Benchmark
  public void graduated5TiersWithBreakdownText(Blackhole bh) {
    Input in = next(graduated);
    RatingResult.Priced priced =
        (RatingResult.Priced) publicUsd.rate(in.account(), in.usage(), in.before());
    for (PriceComponent c : priced.breakdown()) {
      bh.consume(c.kind());
      bh.consume(c.label());
      bh.consume(c.quantity());
      bh.consume(c.unitPrice());
      bh.consume(c.amount());
    }
    bh.consume(priced);
  }

  @Benchmark
  public RatingResult perUnit() {
    Input in = next(perUnit);
    return publicUsd.rate(in.account(), in.usage(), in.before());
  }

  @Benchmark
  public RatingResult timeOfDay() {
    Input in = next(timeOfDay);
    return publicUsd.rate(in.account(), in.usage(), in.before());
  }

  @Benchmark
  public RatingResult percentage() {
    Input in = next(percentage);
    return publicUsd.rate(in.account(), in.usage(), in.before());
  }
}

package io.rateflow.bench;

import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PriceBook;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
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

/**
 * {@link PriceBook#select} over the whole demo catalogue (five lists, three currencies, segment
 * lists that fall back to the public ones), and select-then-rate for the demo's meter mix: what the
 * keyed operator does per event before and around its state access.
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
public class PriceBookBenchmark {
  private static final int SIZE = 4096;
  // The demo traffic's meter mix (TrafficGenerator): api_calls three times as often as the rest.
  private static final String[] METERS = {
    "api_calls",
    "api_calls",
    "api_calls",
    "storage_gb",
    "compute_minutes",
    "compute_minutes",
    "payments",
    "data_transfer_gb",
    "sms",
    "active_users"
  };
  private static final String[] REGIONS = {"eu", "us", "apac", "latam"};
  private static final Instant MID_MARCH = Instant.parse("2026-03-09T00:00:00Z");

  record Input(AccountContext account, Usage usage, MeterAggregate before) {}

  private PriceBook book;
  private Input[] inputs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    book = new PriceBook();
    for (RuleSet rs : Catalogue.all()) {
      book.add(rs);
    }
    SplittableRandom r = new SplittableRandom(11);
    inputs = new Input[SIZE];
    for (int i = 0; i < SIZE; i++) {
      // The demo's account mix: 60% USD (20% enterprise, 30% startup), 25% EUR, 15% JPY.
      int c = r.nextInt(100);
      String currency = c < 60 ? "USD" : c < 85 ? "EUR" : "JPY";
      int s = r.nextInt(100);
      String segment =
          currency.equals("USD") && s < 20
              ? "enterprise"
              : currency.equals("USD") && s < 50 ? "startup" : "smb";
      ZoneId zone =
          ZoneId.of(
              currency.equals("JPY")
                  ? "Asia/Tokyo"
                  : currency.equals("EUR") ? "Europe/Berlin" : "America/New_York");
      AccountContext account =
          new AccountContext(
              "acct-" + i,
              segment.equals("enterprise") ? "enterprise" : "growth",
              segment,
              currency,
              zone);
      String meter = METERS[r.nextInt(METERS.length)];
      Instant at = MID_MARCH.plusSeconds(r.nextLong(7 * 24 * 3600L));
      BigDecimal quantity = BigDecimal.ONE;
      BigDecimal value = null;
      Map<String, String> attributes = Map.of();
      switch (meter) {
        case "api_calls" -> quantity = BigDecimal.valueOf(1 + r.nextInt(2_000));
        case "storage_gb" -> quantity = BigDecimal.valueOf(1 + r.nextInt(500_000), 3);
        case "compute_minutes" -> quantity = BigDecimal.valueOf(1 + r.nextInt(6_000), 2);
        case "payments" -> value = BigDecimal.valueOf(500 + r.nextInt(50_000), 2).setScale(6);
        case "data_transfer_gb" -> {
          quantity = BigDecimal.valueOf(1 + r.nextInt(10_000), 3);
          attributes = Map.of("region", REGIONS[r.nextInt(REGIONS.length)]);
        }
        case "sms" -> quantity = BigDecimal.valueOf(1 + r.nextInt(20));
        default -> attributes = Map.of("user_id", "u" + r.nextInt(400));
      }
      Usage usage = new Usage("evt-" + i, meter, quantity.setScale(6), at, attributes, value, null);
      // Month so far: a few hundred earlier events' worth (unique_count meters start empty).
      MeterAggregate before =
          meter.equals("active_users")
              ? MeterAggregate.empty("2026-03")
              : new MeterAggregate(
                  "2026-03", quantity.multiply(BigDecimal.valueOf(r.nextInt(1_000))), null);
      inputs[i] = new Input(account, usage, before);
      if (book.select(account, meter, at).isEmpty()) {
        throw new IllegalStateException("no rule set for " + account + " " + meter);
      }
    }
  }

  private Input next() {
    Input in = inputs[next];
    next = (next + 1) & (SIZE - 1);
    return in;
  }

  @Benchmark
  public Optional<RuleSet> select() {
    Input in = next();
    return book.select(in.account(), in.usage().meter(), in.usage().eventTime());
  }

  /** Per event, the pricing work of the keyed operator: pick the list, then price. */
  @Benchmark
  public RatingResult selectAndRateDemoMix() {
    Input in = next();
    RuleSet rules =
        book.select(in.account(), in.usage().meter(), in.usage().eventTime()).orElseThrow();
    return rules.rate(in.account(), in.usage(), in.before());
  }
}

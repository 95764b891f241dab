package io.rateflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingPipeline;
import io.rateflow.job.RawRecord;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The demo's traffic of seed 42 from a fixed start, rated offline (the streaming pipeline in Flink
 * BATCH mode, no Kafka), must charge exactly the amounts per currency and meter recorded in {@code
 * golden/demo-amounts-seed42.txt}, which were taken on the code before issue 10. A change to ids,
 * serializers, state layout or the ledger must not move a single minor unit; a change that means to
 * change prices replaces the file deliberately (the run writes what it got to {@code
 * target/demo-amounts-seed42.actual.txt}).
 *
 * <p>The streaming demo ({@code ./rateflow demo --seed 42 --start 2026-12-01T06:00:00Z}) charged
 * the same amounts on that code except data_transfer_gb USD: 3,071.94 against 3,071.92 here. That
 * meter prices each event by its region's volume table, so an account's total depends on the order
 * its events are rated in: event time here (BATCH sorts each key's input), arrival order in the
 * stream. Compare streaming runs with streaming runs, and this test with its file.
 */
class DemoAmountsTest {
  static final long SEED = 42;
  static final Instant START = Instant.parse("2026-12-01T06:00:00Z");
  static final int ACCOUNTS = 1_000;
  static final long EVENTS = 100_000;
  private static final Path RULES = Path.of("..", "pricing-rules").toAbsolutePath().normalize();

  @Test
  void theDemoTrafficOfASeedAndStartIsChargedTheGoldenAmounts() throws Exception {
    String actual = amounts(rate());
    Files.writeString(
        Files.createDirectories(Path.of("target")).resolve("demo-amounts-seed42.actual.txt"),
        actual);
    String golden =
        new String(
            DemoAmountsTest.class
                .getResourceAsStream("/golden/demo-amounts-seed42.txt")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(actual).isEqualTo(golden);
  }

  @Test
  void theTrafficIsDeterminedBySeedAndStart() {
    assertThat(firstValues(new TrafficGenerator(SEED, ACCOUNTS, START)))
        .isEqualTo(firstValues(new TrafficGenerator(SEED, ACCOUNTS, START)))
        .isNotEqualTo(firstValues(new TrafficGenerator(SEED, ACCOUNTS, START.plusSeconds(1))))
        .isNotEqualTo(firstValues(new TrafficGenerator(SEED + 1, ACCOUNTS, START)));
  }

  private static List<String> firstValues(TrafficGenerator traffic) {
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    List<String> out = new ArrayList<>();
    traffic.accounts().forEach(a -> out.add(a.toString()));
    for (int i = 0; i < 2_000; i++) {
      TrafficGenerator.Record r = traffic.next();
      ActivityEvent e = decodable(codec, r.value());
      // the future-clock records follow the real clock by design: they are rejected in every run
      if (e == null || !e.getEventTime().isAfter(START)) {
        out.add(r.key() + " " + HexFormat.of().formatHex(r.value()));
      }
    }
    return out;
  }

  private static ActivityEvent decodable(AvroCodec<ActivityEvent> codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (Exception e) {
      return null; // garbage bytes on purpose
    }
  }

  /**
   * Total charged per currency, then per meter and currency, one per line, exact to the minor unit.
   */
  static String amounts(List<Charge> charges) {
    Map<String, Long> byCurrency = new TreeMap<>();
    Map<String, Long> byMeter = new TreeMap<>();
    Map<String, Integer> digits = new TreeMap<>();
    for (Charge c : charges) {
      byCurrency.merge(c.getCurrency(), c.getAmountMinor(), Math::addExact);
      byMeter.merge(c.getMeter() + " " + c.getCurrency(), c.getAmountMinor(), Math::addExact);
      digits.put(c.getCurrency(), c.getCurrencyDigits());
    }
    StringBuilder b =
        new StringBuilder(
            "# demo --seed "
                + SEED
                + " --start "
                + START
                + " --events "
                + EVENTS
                + " --accounts "
                + ACCOUNTS
                + ": charged amounts, rated offline\n");
    b.append("charges ").append(charges.size()).append('\n');
    byCurrency.forEach(
        (cur, minor) ->
            b.append("currency ")
                .append(cur)
                .append(' ')
                .append(BigDecimal.valueOf(minor, digits.get(cur)).toPlainString())
                .append('\n'));
    byMeter.forEach(
        (key, minor) ->
            b.append("meter ")
                .append(key)
                .append(' ')
                .append(
                    BigDecimal.valueOf(minor, digits.get(key.substring(key.indexOf(' ') + 1)))
                        .toPlainString())
                .append('\n'));
    return b.toString();
  }

  /** The demo's inputs, in the demo's order, through the job's pipeline in BATCH mode. */
  static List<Charge> rate() throws Exception {
    List<PricingRule> rules =
        new ArrayList<>(
            RuleLoader.load(RULES.resolve("examples"), "demo").stream()
                .map(RuleLoader.Loaded::record)
                .toList());
    rules.addAll(RuleLoader.loadPromotions(RULES.resolve("promotions"), 1, "demo"));
    rules.addAll(RuleLoader.loadCharts(RULES.resolve("chart-of-accounts"), "demo"));
    TrafficGenerator traffic = new TrafficGenerator(SEED, ACCOUNTS, START);
    AvroCodec<AccountProfile> accountCodec = AvroCodec.of(AccountProfile.class);
    AvroCodec<PricingRule> ruleCodec = AvroCodec.of(PricingRule.class);
    List<RawRecord> accounts = new ArrayList<>();
    for (AccountProfile a : traffic.accounts()) {
      accounts.add(new RawRecord("accounts", 0, accounts.size(), 0L, accountCodec.encode(a)));
    }
    List<RawRecord> events = new ArrayList<>();
    for (long i = 0; i < EVENTS; i++) {
      events.add(new RawRecord("activity-events", 0, i, 0L, traffic.next().value()));
    }
    List<RawRecord> ruleRecords = new ArrayList<>();
    for (PricingRule r : rules) {
      ruleRecords.add(
          new RawRecord("pricing-rules", 0, ruleRecords.size(), 0L, ruleCodec.encode(r)));
    }
    // As the demo's job, except that BATCH mode has no watermark to be late against: the totals are
    // those of a streaming run in which nothing is late (the demo's usage spans 6 hours, lateness
    // is 3 days).
    RatingConfig config =
        RatingConfig.defaults("offline").toBuilder()
            .allowedLateness(Duration.ofDays(365 * 100))
            .build();
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    TypeInformation<RawRecord> type = TypeInformation.of(RawRecord.class);
    RatingPipeline.Outputs out =
        RatingPipeline.build(
            new RatingPipeline.Inputs(
                env.fromData(events, type),
                env.fromData(accounts, type),
                env.fromData(ruleRecords, type)),
            config);
    CloseableIterator<Charge> charges = out.charges().collectAsync();
    // read while the job runs: the collect sink holds only a few MB and waits for its reader
    env.executeAsync("demo-amounts");
    List<Charge> list = new ArrayList<>();
    try (charges) {
      charges.forEachRemaining(list::add);
    }
    return list;
  }
}

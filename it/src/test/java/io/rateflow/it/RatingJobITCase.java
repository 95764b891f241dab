package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.rules.RulesCommand;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole rating job on a MiniCluster against a real in-process KRaft broker. */
class RatingJobITCase extends KafkaFlinkTestBase {
  @TempDir Path files;

  static final String USD_V1 =
      """
      id: it-usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: graduated
            tiers:
              - up_to: 100
                unit_price: 0.10
              - unit_price: 0.05
        storage_gb:
          unit: GB
          aggregation: sum
          price:
            model: per_unit
            unit_price: 0.023
      """;

  static final String USD_V2 =
      USD_V1
          .replace("version: 1", "version: 2")
          .replace("effective_from: 2026-01-01T00:00:00Z", "effective_from: 2026-11-15T00:00:00Z")
          .replace("unit_price: 0.10", "unit_price: 0.20")
          .replace("unit_price: 0.05", "unit_price: 0.08")
          .replace("unit_price: 0.023", "unit_price: 0.03");

  static final String EUR_V1 =
      """
      id: it-eur
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: EUR
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: per_unit
            unit_price: 0.07
      """;

  private JobClient start(RatingConfig config, int parallelism, MapFunction<Charge, Charge> tap)
      throws Exception {
    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, tap == null ? "none" : "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    new RatingJob(config)
        .build(
            env,
            tap == null
                ? s -> s
                : (DataStream<Charge> s) ->
                    s.map(tap, new AvroTypeInfo<>(Charge.class))
                        .uid("failure-injection")
                        .name("failure injection"));
    return env.executeAsync(config.groupId());
  }

  @Test
  void everyEventIsChargedExactlyOrRejectedWithAReason() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "exact");
    RatingConfig config =
        f.config.toBuilder()
            .pendingTimeout(Duration.ofSeconds(8))
            .allowedLateness(Duration.ofDays(60))
            .build();
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", USD_V1);
    f.rule("it-usd", 2, "2026-11-15T00:00:00Z", USD_V2);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("B", "EUR", "smb", AccountStatus.ACTIVE),
        account("S", "USD", "smb", AccountStatus.SUSPENDED),
        account("P", "USD", "smb", AccountStatus.ACTIVE));

    JobClient job = start(config, 1, null);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      // A probe priced by v2 proves both rule versions are in the operator before the real traffic,
      // since Flink orders nothing between the broadcast and the keyed input.
      f.events(List.of(event("probe", "P", "storage_gb", "1", "2026-11-20T00:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, 1, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      assertThat(tally.keptCharges())
          .as("rejected: %s", tally.keptRejections())
          .singleElement()
          .satisfies(c -> assertThat(c.getAmountMinor()).isEqualTo(3L));

      byte[] garbage = {(byte) 0xFF, 0x01, 0x02};
      List<Object> events =
          List.of(
              event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
              event("e2", "A", "api_calls", "60", "2026-11-11T10:00:00Z"),
              event("e3", "A", "api_calls", "10", "2026-11-16T10:00:00Z"),
              event("e4", "A", "storage_gb", "1.5", "2026-11-10T10:00:00Z"),
              event("e5", "A", "storage_gb", "1.5", "2026-11-12T10:00:00Z"),
              event("e6", "B", "api_calls", "3", "2026-11-10T10:00:00Z"),
              event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
              event("e8", "S", "api_calls", "5", "2026-11-10T10:00:00Z"),
              event("e9", "ghost", "api_calls", "5", "2026-11-10T10:00:00Z"),
              event("e10", "A", "teleport", "5", "2026-11-10T10:00:00Z"),
              garbage,
              event("e12", "A", "api_calls", "-5", "2026-11-10T10:00:00Z"),
              event("e13", "A", "api_calls", "1", "2030-01-01T00:00:00Z"));
      int sent = 1 + f.events(events);
      // The EUR price list arrives after B's event: the event waits for it instead of failing.
      f.rule("it-eur", 1, "2026-01-01T00:00:00Z", EUR_V1);

      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      JobWatch.stop(job);
      tally.poll(Duration.ofSeconds(1));

      Map<String, Long> amounts =
          tally.keptCharges().stream()
              .collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor));
      assertThat(amounts)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "probe", 3L, // 1 GB × 0.03 (v2 from 11-15)
                  "e1", 600L, // 60 × 0.10
                  "e2", 500L, // P(120) − P(60) = (100×0.10 + 20×0.05) − 6.00 = 5.00
                  "e3", 80L, // v2: P(130) − P(120) = 22.40 − 21.60
                  "e4", 3L, // round(1.5 × 0.023 = 0.0345) = 0.03 (HALF_EVEN)
                  "e5", 4L, // round(3.0 × 0.023 = 0.069) − 0.03 = 0.04
                  "e6", 21L)); // EUR 3 × 0.07
      assertThat(tally.keptCharges())
          .filteredOn(c -> c.getEventId().equals("e3"))
          .singleElement()
          .satisfies(c -> assertThat(c.getRuleVersion()).isEqualTo(2L));
      assertThat(tally.keptCharges())
          .filteredOn(c -> c.getEventId().equals("e6"))
          .singleElement()
          .satisfies(c -> assertThat(c.getCurrency()).isEqualTo("EUR"));

      Map<String, String> reasons = new HashMap<>();
      for (RejectedEvent r : tally.keptRejections()) {
        reasons.put(r.getEventId() == null ? "garbage" : r.getEventId(), r.getReasonCode());
      }
      assertThat(reasons)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "e1",
                  "DUPLICATE",
                  "e8",
                  "ACCOUNT_SUSPENDED",
                  "e9",
                  "UNKNOWN_ACCOUNT",
                  "e10",
                  "UNKNOWN_METER",
                  "garbage",
                  "MALFORMED",
                  "e12",
                  "INVALID_QUANTITY",
                  "e13",
                  "FAR_FUTURE"));
      RejectedEvent malformed =
          tally.keptRejections().stream()
              .filter(r -> r.getReasonCode().equals("MALFORMED"))
              .findFirst()
              .orElseThrow();
      assertThat(malformed.getPayload().array()).containsExactly(garbage);
      assertThat(tally.rated() + tally.rejectedEvents()).isEqualTo(sent);
      assertThat(tally.duplicateChargeIds()).isZero();
    } finally {
      JobWatch.stop(job);
    }
  }

  @Test
  void aVersionPublishedMidStreamWithRulesPublishPricesTheEventsFromItsEffectiveTime()
      throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "midstream");
    // events of the 14th arrive after probes of the 20th: keep them within the allowed lateness
    RatingConfig config = f.config.toBuilder().allowedLateness(Duration.ofDays(60)).build();
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("P", "USD", "smb", AccountStatus.ACTIVE));
    Path v1 = Files.writeString(files.resolve("usd-v1.yaml"), USD_V1);
    Path v2dir = Files.createDirectories(files.resolve("v2"));
    Files.writeString(v2dir.resolve("usd-v1.yaml"), USD_V1);
    Files.writeString(v2dir.resolve("usd-v2.yaml"), USD_V2);
    String[] connection = {"--bootstrap", kafka.bootstrapServers(), "--topic", config.rulesTopic()};

    assertThat(publish(v1, connection)).isZero();
    JobClient job = start(config, 1, null);
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      int sent =
          f.events(
              List.of(
                  event("before-1", "A", "api_calls", "50", "2026-11-14T10:00:00Z"),
                  event("after-1", "A", "api_calls", "10", "2026-11-16T10:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);

      // v1 is unchanged and skipped; only v2 is new. A changed v1 would be refused.
      assertThat(publish(v2dir, connection)).isZero();
      Files.writeString(v2dir.resolve("usd-v1.yaml"), USD_V1.replace("0.10", "0.11"));
      assertThat(publish(v2dir, connection)).isEqualTo(1);

      // Wait until v2 has reached the operator: a probe dated after its effective time gets it.
      // Bounded: a v2 that never arrives fails the test instead of probing until CI's time limit.
      int probes = 0;
      while (tally.keptCharges().stream()
          .noneMatch(c -> c.getAccountId().equals("P") && c.getRuleVersion() == 2L)) {
        assertThat(probes).as("probes sent before v2 priced one").isLessThan(20);
        sent +=
            f.events(
                List.of(
                    event("probe-" + probes++, "P", "storage_gb", "1", "2026-11-20T00:00:00Z")));
        JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(30), n -> {});
      }
      sent +=
          f.events(
              List.of(
                  event("before-2", "A", "api_calls", "10", "2026-11-14T11:00:00Z"),
                  event("after-2", "A", "api_calls", "10", "2026-11-16T11:00:00Z")));
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);

      Map<String, String> priced =
          tally.keptCharges().stream()
              .filter(c -> c.getAccountId().equals("A"))
              .collect(
                  Collectors.toMap(
                      Charge::getEventId,
                      c -> "v" + c.getRuleVersion() + " " + c.getAmountMinor()));
      assertThat(priced)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "before-1", "v1 500", // 50 × 0.10
                  "after-1", "v1 100", // v2 not published yet: v1 is in force
                  "before-2", "v1 100", // dated before v2's effective time: still v1, at usage 70
                  "after-2", "v2 200")); // v2: P2(80) − P2(70) = 10 × 0.20
    } finally {
      JobWatch.stop(job);
    }
  }

  private static int publish(Path path, String[] connection) {
    String[] args = new String[2 + connection.length];
    args[0] = "publish";
    args[1] = path.toString();
    System.arraycopy(connection, 0, args, 2, connection.length);
    return new picocli.CommandLine(new RulesCommand()).execute(args);
  }

  /** Crashes once between rating and the sink; the committed output must still be exactly once. */
  static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

  static final AtomicInteger SEEN = new AtomicInteger();

  @Test
  void aFailureMidStreamNeitherLosesNorDuplicatesACharge() throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "once");
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", USD_V1);
    int accounts = 20;
    List<io.rateflow.avro.AccountProfile> profiles = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      profiles.add(account("a" + i, "USD", "smb", AccountStatus.ACTIVE));
    }
    f.accounts(profiles.toArray(io.rateflow.avro.AccountProfile[]::new));

    SplittableRandom random = new SplittableRandom(7);
    List<Object> events = new ArrayList<>();
    Map<String, Long> usage = new HashMap<>();
    int retries = 0;
    for (int i = 0; i < 4000; i++) {
      if (i % 80 == 79) {
        events.add(events.get(random.nextInt(events.size()))); // a producer's retry
        retries++;
        continue;
      }
      String account = "a" + random.nextInt(accounts);
      int q = 1 + random.nextInt(30);
      usage.merge(account, (long) q, Long::sum);
      events.add(
          event("ev" + i, account, "api_calls", Integer.toString(q), "2026-11-10T10:00:00Z"));
    }
    int sent = f.events(events);

    FAILED_ONCE.set(false);
    SEEN.set(0);
    JobClient job =
        start(
            f.config,
            2,
            c -> {
              if (SEEN.incrementAndGet() == 1500 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after 1500 charges");
              }
              return c;
            });
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            f.config.chargesTopic(),
            f.config.rejectedTopic(),
            f.config.eventsTopic(),
            true)) {
      assertThat(JobWatch.awaitAccounted(job, tally, sent, Duration.ofSeconds(180), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      JobWatch.stop(job);
      tally.poll(Duration.ofSeconds(2));

      assertThat(FAILED_ONCE).as("the failure was injected").isTrue();
      assertThat(tally.duplicateChargeIds()).isZero();
      assertThat(tally.rejectedByReason())
          .containsExactlyEntriesOf(Map.of("DUPLICATE", (long) retries));
      assertThat(tally.charges()).isEqualTo(sent - retries);
      // Per account, the graduated charges telescope to the price of the whole usage.
      Map<String, Long> charged =
          tally.keptCharges().stream()
              .collect(
                  Collectors.groupingBy(
                      Charge::getAccountId, Collectors.summingLong(Charge::getAmountMinor)));
      Map<String, Long> expected = new HashMap<>();
      usage.forEach((account, units) -> expected.put(account, graduatedCents(units)));
      assertThat(charged).containsExactlyInAnyOrderEntriesOf(expected);
    } finally {
      JobWatch.stop(job);
    }
  }

  /**
   * The it-usd v1 api_calls price, computed independently of the pricing code: 0.10 up to 100, 0.05
   * beyond.
   */
  static long graduatedCents(long units) {
    BigDecimal price =
        new BigDecimal("0.10")
            .multiply(BigDecimal.valueOf(Math.min(units, 100)))
            .add(new BigDecimal("0.05").multiply(BigDecimal.valueOf(Math.max(0, units - 100))));
    return price.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }
}

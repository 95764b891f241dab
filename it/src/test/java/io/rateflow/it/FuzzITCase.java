package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and mutated valid records (bit flips, truncations, huge length prefixes, trailing
 * garbage) on every input topic of a running job, YAML bombs on the rules topic, and valid traffic
 * among them. With no restart strategy, a single record that failed a task would fail the job.
 *
 * <p>Replay a failure with {@code -Dfuzz.seed=N} (the seed is printed).
 */
class FuzzITCase extends KafkaFlinkTestBase {
  static final String USD =
      """
      id: fz-usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: per_unit
            unit_price: 1.00
      """;

  /**
   * The base of mutated rules: priced in JPY for one account nobody uses, so no flip can reprice
   * valid traffic.
   */
  static final String BYSTANDER =
      """
      id: zz-rule
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: JPY
      applies_to:
        accounts: [zz-nobody]
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: graduated
            tiers:
              - up_to: 100
                unit_price: 3
              - unit_price: 2
      """;

  static final int GOOD_ACCOUNTS = 5;
  static final int VALID_EVENTS = 200;
  static final int FUZZ_PER_TOPIC = 300;

  final long seed = Long.getLong("fuzz.seed", 20261202L);
  final Random random = new Random(seed);

  /** What was sent where: topic/partition@offset to the exact bytes. */
  final Map<String, ByteBuffer> sent = new HashMap<>();

  int records;

  @Test
  void noRecordOnAnyInputStopsTheJobAndEveryEventIsAccountedFor() throws Exception {
    System.out.println("FuzzITCase seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    long t0 = System.nanoTime();
    PipelineFixture f = new PipelineFixture(kafka, "fuzz");
    RatingConfig config = f.config.toBuilder().pendingTimeout(Duration.ofSeconds(3)).build();
    f.rule("fz-usd", 1, "2026-01-01T00:00:00Z", USD);
    f.rule("zz-rule", 1, "2026-01-01T00:00:00Z", BYSTANDER);
    List<io.rateflow.avro.AccountProfile> profiles = new ArrayList<>();
    for (int i = 0; i < GOOD_ACCOUNTS; i++) {
      profiles.add(account("good-" + i, "USD", "smb", AccountStatus.ACTIVE));
    }
    // The account the mutated events, commands and estimates are about: known, so they reach the
    // domain.
    profiles.add(account("zz-mut", "USD", "smb", AccountStatus.ACTIVE));
    f.accounts(profiles.toArray(io.rateflow.avro.AccountProfile[]::new));

    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY,
        "none"); // a failure fails the job: nothing hides it
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    JobClient job = env.executeAsync("fuzz");
    try (OutputTally tally =
            new OutputTally(
                kafka.bootstrapServers(),
                config.chargesTopic(),
                config.rejectedTopic(),
                config.eventsTopic(),
                true);
        KafkaProducer<byte[], byte[]> producer =
            Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      // A probe proves the rules and profiles are in the operator before the traffic.
      int events =
          f.events(List.of(event("probe", "good-0", "api_calls", "1", Instant.now().toString())));
      assertThat(JobWatch.awaitAccounted(job, tally, events, Duration.ofSeconds(120), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);

      long started = System.nanoTime();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Map<String, Long> expectedMinor = new HashMap<>();
      List<Future<RecordMetadata>> pending = new ArrayList<>();

      // every input topic: hostile records among valid traffic
      AvroCodec<ActivityEvent> eventCodec = AvroCodec.of(ActivityEvent.class);
      byte[] mutEvent =
          eventCodec.encode(event("zz-e", "zz-mut", "api_calls", "7", now.toString()));
      for (int i = 0; i < Math.max(VALID_EVENTS, FUZZ_PER_TOPIC); i++) { // interleaved
        if (i < VALID_EVENTS) {
          int q = 1 + random.nextInt(9);
          String id = "v" + i;
          expectedMinor.put(id, q * 100L); // q calls at 1.00 USD, in cents
          ActivityEvent e =
              event(
                  id,
                  "good-" + random.nextInt(GOOD_ACCOUNTS),
                  "api_calls",
                  Integer.toString(q),
                  now.toString());
          pending.add(send(producer, config.eventsTopic(), eventCodec.encode(e)));
        }
        if (i < FUZZ_PER_TOPIC) {
          pending.add(send(producer, config.eventsTopic(), hostile(mutEvent)));
        }
      }
      events += VALID_EVENTS + FUZZ_PER_TOPIC;

      byte[] mutProfile =
          AvroCodec.of(io.rateflow.avro.AccountProfile.class)
              .encode(account("zz-mut", "USD", "smb", AccountStatus.ACTIVE));
      BalanceCommand grant =
          BalanceCommand.newBuilder()
              .setCommandId("zz-c")
              .setAccountId("zz-mut")
              .setType(BalanceCommandType.GRANT)
              .setGrantKind(BalanceGrantKind.ALLOWANCE)
              .setMeter("api_calls")
              .setUnits("50")
              .setAmountMinor(0)
              .setCurrency("USD")
              .setIssuedAt(now)
              .build();
      byte[] mutCommand = AvroCodec.of(BalanceCommand.class).encode(grant);
      byte[] mutTopUp =
          AvroCodec.of(BalanceCommand.class)
              .encode(
                  BalanceCommand.newBuilder(grant)
                      .setCommandId("zz-t")
                      .setType(BalanceCommandType.TOP_UP)
                      .setGrantKind(null)
                      .setMeter(null)
                      .setUnits(null)
                      .setAmountMinor(500)
                      .build());
      byte[] mutEstimate =
          AvroCodec.of(EstimateRequest.class)
              .encode(
                  EstimateRequest.newBuilder()
                      .setRequestId("zz-r")
                      .setAccountId("zz-mut")
                      .setMeter("api_calls")
                      .setQuantity(new BigDecimal("3.000000"))
                      .setAttributes(Map.of("region", "eu"))
                      .setValue(null)
                      .setRequestedAt(now)
                      .build());
      for (int i = 0; i < FUZZ_PER_TOPIC; i++) {
        pending.add(send(producer, config.accountsTopic(), hostile(mutProfile)));
        pending.add(
            send(
                producer,
                config.balanceCommandsTopic(),
                hostile(i % 2 == 0 ? mutCommand : mutTopUp)));
        pending.add(send(producer, config.estimateRequestsTopic(), hostile(mutEstimate)));
      }

      AvroCodec<PricingRule> ruleCodec = AvroCodec.of(PricingRule.class);
      byte[] mutRule =
          ruleCodec.encode(
              rule(RuleKind.PRICING, "zz-rule", 2, BYSTANDER.replace("version: 1", "version: 2")));
      for (int i = 0; i < FUZZ_PER_TOPIC; i++) {
        pending.add(send(producer, config.rulesTopic(), hostile(mutRule)));
      }
      Map<String, String> bombs = bombs();
      for (Map.Entry<String, String> bomb : bombs.entrySet()) {
        RuleKind kind =
            bomb.getKey().startsWith("promo")
                ? RuleKind.PROMOTION
                : bomb.getKey().startsWith("chart") ? RuleKind.CHART_OF_ACCOUNTS : RuleKind.PRICING;
        pending.add(
            send(
                producer,
                config.rulesTopic(),
                ruleCodec.encode(rule(kind, bomb.getKey(), 1, bomb.getValue()))));
      }
      producer.flush();
      for (Future<RecordMetadata> p : pending) {
        p.get(); // every record is on its topic, with its coordinates known
      }

      long fed = System.nanoTime();
      assertThat(JobWatch.awaitAccounted(job, tally, events, Duration.ofSeconds(90), n -> {}))
          .as(
              "seed %d: rated %d + rejected %d of %d; job %s",
              seed, tally.rated(), tally.rejectedEvents(), events, job.getJobStatus().get())
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      long accounted = System.nanoTime();
      List<RejectedRule> rejectedRules =
          PipelineFixture.await(
              kafka,
              config.rejectedRulesTopic(),
              RejectedRule.class,
              everyBombRejected(bombs.keySet()));
      tally.poll(Duration.ofSeconds(1));

      assertThat(job.getJobStatus().get())
          .as("seed %d: the job never failed", seed)
          .isEqualTo(JobStatus.RUNNING);
      assertThat(tally.rated() + tally.rejectedEvents())
          .as("seed %d: received == rated + rejected", seed)
          .isEqualTo(events);
      assertThat(tally.duplicateChargeIds()).isZero();

      // valid traffic is charged exactly, whatever came with it
      Map<String, Long> charged =
          tally.keptCharges().stream()
              .filter(c -> c.getAccountId().startsWith("good-"))
              .collect(
                  Collectors.groupingBy(
                      Charge::getEventId, Collectors.summingLong(Charge::getAmountMinor)));
      charged.remove("probe");
      assertThat(charged).as("seed %d", seed).containsExactlyInAnyOrderEntriesOf(expectedMinor);

      // every rejection carries the exact bytes that were sent at its coordinates
      List<RejectedEvent> rejections = tally.keptRejections();
      assertThat(rejections).filteredOn(r -> r.getReasonCode().equals("MALFORMED")).isNotEmpty();
      assertThat(rejections)
          .allSatisfy(
              r ->
                  assertThat(r.getPayload())
                      .as("seed %d: %s", seed, r.getMessage())
                      .isEqualTo(
                          sent.get(
                              r.getSourceTopic()
                                  + "/"
                                  + r.getSourcePartition()
                                  + "@"
                                  + r.getSourceOffset())));
      assertThat(rejectedRules)
          .filteredOn(r -> r.getSourceOffset() >= 0)
          .allSatisfy(
              r ->
                  assertThat(r.getPayload())
                      .as("seed %d: %s", seed, r.getProblems())
                      .isEqualTo(
                          sent.get(
                              r.getSourceTopic()
                                  + "/"
                                  + r.getSourcePartition()
                                  + "@"
                                  + r.getSourceOffset())));
      System.out.printf(
          "FuzzITCase seed %d: %d events (%d rated, %d rejected: %s), %d other rejections, %d rejected rules;"
              + " job up and probe rated %d ms, fed %d ms, accounted %d ms, rules rejected %d ms%n",
          seed,
          events,
          tally.rated(),
          tally.rejectedEvents(),
          tally.rejectedByReason(),
          tally.rejectedOther(),
          rejectedRules.size(),
          (started - t0) / 1_000_000,
          (fed - started) / 1_000_000,
          (accounted - fed) / 1_000_000,
          (System.nanoTime() - accounted) / 1_000_000);
    } finally {
      JobWatch.stop(job);
    }
  }

  /** The YAML documents built to hurt the parser, by rule-set id, each on one kind of document. */
  static Map<String, String> bombs() {
    StringBuilder aliases =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      aliases.append('a').append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        aliases.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      aliases.append("]\n");
    }
    StringBuilder block = new StringBuilder();
    for (int depth = 0; depth < 200; depth++) {
      block.append("  ".repeat(depth)).append("k:\n");
    }
    String flow = "[".repeat(100_000) + "]".repeat(100_000);
    String oversized = "x".repeat(300_000);
    Map<String, String> bombs = new HashMap<>();
    for (String kind : List.of("pricing", "promo", "chart")) {
      bombs.put(kind + "-aliases", aliases.toString());
      bombs.put(kind + "-deep-block", block.toString());
      bombs.put(kind + "-deep-flow", flow);
      bombs.put(kind + "-oversized", oversized);
    }
    return bombs;
  }

  /** Every bomb rejected, with the reason its kind of bomb must give. */
  static Predicate<List<RejectedRule>> everyBombRejected(java.util.Set<String> ids) {
    return rejected ->
        ids.stream()
            .allMatch(
                id ->
                    rejected.stream()
                        .anyMatch(
                            r ->
                                r.getRuleSetId().equals(id)
                                    && r.getProblems().stream()
                                        .anyMatch(
                                            p ->
                                                p.contains(
                                                    id.endsWith("aliases")
                                                        ? "at most 20 aliases"
                                                        : id.endsWith("oversized")
                                                            ? "at most 262,144 (256 KiB) are accepted"
                                                            : "at most 32 levels of mappings and lists"))));
  }

  static PricingRule rule(RuleKind kind, String id, long version, String document) {
    return PricingRule.newBuilder()
        .setKind(kind)
        .setRuleSetId(id)
        .setVersion(version)
        .setEffectiveFrom(Instant.parse("2026-01-01T00:00:00Z"))
        .setDocument(document)
        .setSourceName(id + ".yaml")
        .setPublishedAt(Instant.now())
        .setPublishedBy("fuzz")
        .build();
  }

  private Future<RecordMetadata> send(
      KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
    // a key on every record: the compacted topics (accounts) refuse records without one
    byte[] key = Producers.bytes("fz-" + records++);
    return producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, error) -> {
          if (metadata != null) {
            synchronized (sent) {
              sent.put(
                  metadata.topic() + "/" + metadata.partition() + "@" + metadata.offset(),
                  ByteBuffer.wrap(value));
            }
          }
        });
  }

  /**
   * Random bytes, or a mutation of {@code valid}; never empty, never null (a tombstone is no
   * input).
   */
  byte[] hostile(byte[] valid) {
    switch (random.nextInt(6)) {
      case 0 -> {
        byte[] bytes = new byte[1 + random.nextInt(80)];
        random.nextBytes(bytes);
        return bytes;
      }
      case 1 -> { // bit flips
        byte[] bytes = valid.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      }
      case 2 -> { // truncated
        return Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
      }
      case 3 -> { // a valid prefix, then a huge length: about 2 GB, or a negative one
        int cut = random.nextInt(valid.length);
        byte[] huge =
            random.nextBoolean()
                ? new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
                : new byte[] {
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  (byte) 0xFF,
                  0x7F
                };
        byte[] bytes = Arrays.copyOf(valid, cut + huge.length + 1);
        System.arraycopy(huge, 0, bytes, cut, huge.length);
        bytes[bytes.length - 1] = 0x41;
        return bytes;
      }
      case 4 -> { // trailing garbage after a whole record
        byte[] bytes = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(8));
        for (int i = valid.length; i < bytes.length; i++) {
          bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
      }
      default -> { // a byte overwritten
        byte[] bytes = valid.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        return bytes;
      }
    }
  }
}

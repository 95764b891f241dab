package io.rateflow.cli.soak;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.PricingRule;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.run.BalanceTally;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.cli.run.TopicLayout;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run of the full job over the soak's traffic on its own set of topics: rules and accounts
 * published, the job started on a {@link SoakCluster}, balance commands applied and committed
 * before any event, events produced at a steady pace while the planned faults are injected, and,
 * once every event is accounted for, the job stopped with a savepoint (which commits everything)
 * and its committed output read back.
 */
final class SoakRun {
  /**
   * Restarts the job may take in one run: every fault costs one to a few; anything beyond is a real
   * failure.
   */
  static final int RESTART_ATTEMPTS = 60;

  /** How long the broker stays down in a broker fault: several checkpoint intervals. */
  static final Duration BROKER_OUTAGE = Duration.ofSeconds(3);

  /**
   * What one fault did; {@code injected} false when it could not be (an armed point no record
   * passed).
   */
  record Fault(
      FaultKind kind, boolean injected, long atEvent, double recoverySeconds, String detail) {}

  /** What the run produced. */
  record Result(
      Outcome outcome,
      List<Fault> faults,
      long rated,
      long rejected,
      boolean accounted,
      double seconds,
      String problem) {}

  private final EmbeddedKafka kafka;
  private final RatingConfig config;
  private final SoakTraffic traffic;
  private final List<PricingRule> rules;
  private final Path work;
  private final PrintStream out;
  private final long seed;

  private SoakCluster cluster;
  private JobID job;
  private int parallelism = 2;

  SoakRun(
      EmbeddedKafka kafka,
      RatingConfig config,
      SoakTraffic traffic,
      List<PricingRule> rules,
      Path work,
      PrintStream out,
      long seed) {
    this.kafka = kafka;
    this.config = config;
    this.traffic = traffic;
    this.rules = rules;
    this.work = work;
    this.out = out;
    this.seed = seed;
  }

  RatingConfig config() {
    return config;
  }

  /**
   * The run's configuration: the soak's own topic names, consumer group and transactional ids under
   * {@code prefix}.
   */
  static RatingConfig config(String bootstrap, String prefix) {
    return RatingConfig.defaults(bootstrap).toBuilder()
        .eventsTopic(prefix + "activity-events")
        .accountsTopic(prefix + "accounts")
        .rulesTopic(prefix + "pricing-rules")
        .chargesTopic(prefix + "charges")
        .rejectedTopic(prefix + "rejected-events")
        .rejectedRulesTopic(prefix + "rejected-rules")
        .balanceCommandsTopic(prefix + "balance-commands")
        .estimateRequestsTopic(prefix + "estimate-requests")
        .estimateResponsesTopic(prefix + "estimate-responses")
        .movementsTopic(prefix + "balance-movements")
        .triggersTopic(prefix + "promotion-triggers")
        .balancesTopic(prefix + "balances")
        .journalTopic(prefix + "erp-gl-export")
        .journalDetailTopic(prefix + "erp-gl-detail")
        .analyticsTopic(prefix + "usage-analytics")
        .correctionsTopic(prefix + "erp-gl-corrections")
        .ledgerRejectedTopic(prefix + "erp-gl-rejected")
        .groupId(prefix + "rating")
        .transactionalIdPrefix(prefix + "rating")
        .checkpointInterval(Duration.ofSeconds(1))
        .pendingTimeout(Duration.ofSeconds(5))
        .ledgerEnabled(true)
        .build();
  }

  Result execute(List<FaultKind> plan, double eventsPerSecond, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    TopicLayout.create(kafka, config, 2);
    Producers.publishRules(kafka.bootstrapServers(), Map.of(), config.rulesTopic(), rules);
    try (KafkaProducer<byte[], byte[]> producer =
        Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      Producers.publishAccounts(producer, config.accountsTopic(), traffic.accounts());
    }
    try (SoakCluster c = new SoakCluster(clusterConfiguration(), 2)) {
      cluster = c;
      job = cluster.submit(jobGraph(parallelism, null));
      cluster.awaitRunning(job, Duration.ofMinutes(2));
      awaitRulesAndProfiles(Duration.ofMinutes(2));
      applyCommands(Duration.ofMinutes(2));
      List<Fault> faults = new ArrayList<>();
      String problem = "";
      long rated;
      long rejected;
      try (OutputTally tally =
          new OutputTally(
              kafka.bootstrapServers(),
              config.chargesTopic(),
              config.rejectedTopic(),
              config.eventsTopic(),
              false)) {
        produceWithFaults(plan, eventsPerSecond, faults);
        long deadline = System.nanoTime() + timeout.toNanos();
        long expected = traffic.events().size();
        while (tally.rated() + tally.rejectedEvents() < expected
            && System.nanoTime() < deadline
            && !cluster.status(job).isGloballyTerminalState()) {
          tally.poll(Duration.ofMillis(500));
        }
        tally.poll(Duration.ofMillis(200));
        rated = tally.rated();
        rejected = tally.rejectedEvents();
        if (rated + rejected < expected) {
          problem =
              cluster.status(job).isGloballyTerminalState()
                  ? "the job ended: " + cluster.failureCause(job)
                  : "only "
                      + (rated + rejected)
                      + " of "
                      + expected
                      + " events accounted for after "
                      + timeout.toSeconds()
                      + " s";
        }
      }
      // A stop with savepoint commits every open transaction: all output of what was processed is
      // readable. It drains: the ledger's open days close, as the reference's do at its end.
      if (!cluster.status(job).isGloballyTerminalState()) {
        cluster.stopWithSavepoint(job, work.resolve("savepoints"), true);
      }
      Outcome outcome = Outcome.readCommitted(config);
      return new Result(
          outcome,
          faults,
          rated,
          rejected,
          problem.isEmpty(),
          (System.nanoTime() - t0) / 1e9,
          problem);
    } finally {
      InjectedFaults.disarm();
      cluster = null;
    }
  }

  private Configuration clusterConfiguration() {
    Configuration conf =
        RatingJob.flinkConfiguration(
            config, work.resolve("checkpoints").toAbsolutePath().toUri().toString());
    // Bounded: every injected fault costs a restart or a few; a job that keeps failing must show
    // up.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
    return conf;
  }

  private JobGraph jobGraph(int parallelism, String savepoint) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(clusterConfiguration());
    env.setParallelism(parallelism);
    new RatingJob(config).build(env, new InjectedFaults());
    JobGraph graph = env.getStreamGraph().getJobGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return graph;
  }

  /**
   * Commands must meet their promotions (a top-up bonus) and events their rules, whatever order the
   * job reads its inputs in. An estimate answered with a price for every active account shows that
   * the account's profile and its rule set have arrived; the rules topic holds charts, promotions,
   * then pricing rules, in that order, in one partition.
   */
  private void awaitRulesAndProfiles(Duration timeout) throws Exception {
    AvroCodec<EstimateRequest> requests = AvroCodec.of(EstimateRequest.class);
    AvroCodec<EstimateResponse> responses = AvroCodec.of(EstimateResponse.class);
    Set<String> waiting = new HashSet<>();
    traffic.accounts().stream()
        .filter(a -> a.getStatus() == AccountStatus.ACTIVE)
        .map(AccountProfile::getAccountId)
        .forEach(waiting::add);
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastError = "";
    try (KafkaProducer<byte[], byte[]> producer =
            Producers.bulk(kafka.bootstrapServers(), Map.of());
        KafkaConsumer<byte[], byte[]> answers =
            consumerFromStart(config.estimateResponsesTopic())) {
      for (int round = 0; !waiting.isEmpty(); round++) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The job did not price an estimate for "
                  + waiting.size()
                  + " accounts within "
                  + timeout.toSeconds()
                  + " s (last answer: "
                  + lastError
                  + "); rules or profiles are not reaching it.");
        }
        String prefix = "soak-probe-" + round + "-";
        for (String account : waiting) {
          EstimateRequest r =
              EstimateRequest.newBuilder()
                  .setRequestId(prefix + account)
                  .setAccountId(account)
                  .setMeter("api_calls")
                  .setQuantity(BigDecimal.ONE.setScale(6))
                  .setAttributes(Map.of())
                  .setRequestedAt(Instant.now())
                  .build();
          producer.send(
              new ProducerRecord<>(
                  config.estimateRequestsTopic(), Producers.bytes(account), requests.encode(r)));
        }
        producer.flush();
        long roundEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int answered = 0;
        while (answered < waiting.size() && System.nanoTime() < roundEnd) {
          for (ConsumerRecord<byte[], byte[]> rec : answers.poll(Duration.ofMillis(200))) {
            EstimateResponse a = responses.decode(rec.value());
            if (!a.getRequestId().startsWith(prefix)) {
              continue;
            }
            answered++;
            if (a.getError() == null) {
              waiting.remove(a.getAccountId());
            } else {
              lastError = a.getAccountId() + ": " + a.getError();
            }
          }
        }
      }
    }
  }

  /** Sends the balance commands and waits until each has a committed movement. */
  private void applyCommands(Duration timeout) throws Exception {
    AvroCodec<BalanceCommand> codec = AvroCodec.of(BalanceCommand.class);
    try (KafkaProducer<byte[], byte[]> producer =
            Producers.bulk(kafka.bootstrapServers(), Map.of());
        BalanceTally movements =
            new BalanceTally(
                kafka.bootstrapServers(),
                config.movementsTopic(),
                config.triggersTopic(),
                t -> {})) {
      for (BalanceCommand c : traffic.commands()) {
        producer.send(
            new ProducerRecord<>(
                config.balanceCommandsTopic(), Producers.bytes(c.getAccountId()), codec.encode(c)));
      }
      producer.flush();
      long deadline = System.nanoTime() + timeout.toNanos();
      List<BalanceCommand> pending = new ArrayList<>(traffic.commands());
      while (!pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              pending.size()
                  + " balance commands had no committed movement after "
                  + timeout.toSeconds()
                  + " s, e.g. "
                  + pending.get(0).getCommandId()
                  + "; see the log.");
        }
        movements.poll(Duration.ofMillis(200));
        pending.removeIf(c -> movements.sawCause(c.getCommandId()));
      }
    }
  }

  /**
   * Produces the events at {@code eventsPerSecond} (0: as fast as possible) on a thread of its own
   * while this thread injects fault i once (i + 1)/(K + 1) of the events are out. The producer goes
   * a quarter of a share past a fault's mark and then waits for the fault to be done, so every
   * fault falls while events flow.
   */
  private void produceWithFaults(List<FaultKind> plan, double eventsPerSecond, List<Fault> faults)
      throws Exception {
    List<SoakTraffic.Record> events = traffic.events();
    int k = plan.size();
    long share = events.size() / (k + 1);
    AtomicLong sent = new AtomicLong();
    AtomicInteger faultsDone = new AtomicInteger();
    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    AtomicBoolean abandoned = new AtomicBoolean();
    Thread producerThread =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer =
                  Producers.bulk(kafka.bootstrapServers(), Map.of())) {
                long start = System.nanoTime();
                for (int i = 0; i < events.size() && !abandoned.get(); i++) {
                  int f = faultsDone.get();
                  while (f < k && i >= (f + 1) * share + share / 4 && !abandoned.get()) {
                    producer.flush();
                    LockSupport.parkNanos(20_000_000L);
                    f = faultsDone.get();
                  }
                  if (eventsPerSecond > 0) {
                    long due = start + (long) (i * 1e9 / eventsPerSecond);
                    long early = due - System.nanoTime();
                    if (early > 1_000_000L) {
                      producer.flush();
                      LockSupport.parkNanos(early);
                    }
                  }
                  SoakTraffic.Record r = events.get(i);
                  producer.send(
                      new ProducerRecord<>(
                          config.eventsTopic(), Producers.bytes(r.key()), r.value()));
                  sent.set(i + 1);
                }
                producer.flush();
              } catch (Throwable t) {
                producerFailure.set(t);
              }
            },
            "soak-producer");
    producerThread.setDaemon(true);
    producerThread.start();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EED);
    try {
      for (int i = 0; i < k; i++) {
        long mark = (i + 1) * share;
        while (sent.get() < mark && producerThread.isAlive()) {
          Thread.sleep(10);
        }
        faults.add(inject(plan.get(i), sent.get(), random));
        faultsDone.incrementAndGet();
      }
    } catch (Exception e) {
      // the soak is over: the producer must not wait for a fault that never comes, nor go on
      // sending
      abandoned.set(true);
      throw e;
    }
    producerThread.join();
    if (producerFailure.get() != null) {
      throw new IllegalStateException(
          "Producing the soak's events failed: " + producerFailure.get(), producerFailure.get());
    }
  }

  private Fault inject(FaultKind kind, long atEvent, SplittableRandom random) throws Exception {
    long t0 = System.nanoTime();
    long attemptsBefore = cluster.attempts(job);
    boolean restarts =
        kind == FaultKind.OPERATOR_EXCEPTION || kind == FaultKind.TASK_MANAGER_KILLED;
    String detail;
    switch (kind) {
      case OPERATOR_EXCEPTION -> {
        String point =
            InjectedFaults.BUSY_POINTS.get(random.nextInt(InjectedFaults.BUSY_POINTS.size()));
        int before = InjectedFaults.fired();
        InjectedFaults.arm(point);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (InjectedFaults.fired() == before && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        if (InjectedFaults.disarm()) {
          detail = "armed at " + point + " but no record passed within 60 s: not injected";
          out.printf("  fault      %s NOT injected: %s%n", kind.key(), detail);
          return new Fault(kind, false, atEvent, 0, detail);
        }
        detail = "exception thrown at " + point;
      }
      case TASK_MANAGER_KILLED -> {
        // At parallelism 1 the job sits on one of the two; losing both makes sure it loses its own.
        int count = parallelism == 1 ? 2 : 1;
        cluster.replaceTaskManagers(count);
        detail =
            count
                + " of 2 TaskManagers terminated and replaced (job at parallelism "
                + parallelism
                + ")";
      }
      case BROKER_RESTARTED -> {
        kafka.stopBroker();
        // The outage itself: the job's fetches, sends and commits fail meanwhile.
        Thread.sleep(BROKER_OUTAGE.toMillis());
        kafka.startBroker();
        detail = "broker down for " + BROKER_OUTAGE.toSeconds() + " s, same data and port";
      }
      case RESCALED_FROM_SAVEPOINT -> {
        String savepoint =
            cluster.stopWithSavepoint(job, Files.createDirectories(work.resolve("savepoints")));
        int from = parallelism;
        parallelism = parallelism == 2 ? 1 : 2;
        job = cluster.submit(jobGraph(parallelism, savepoint));
        detail =
            "stopped with savepoint, restored at parallelism "
                + parallelism
                + " (was "
                + from
                + ")";
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    if (restarts && !cluster.awaitRestart(job, attemptsBefore, Duration.ofSeconds(60))) {
      detail += "; but no task restarted within 60 s";
    }
    cluster.awaitRunning(job, Duration.ofMinutes(3));
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        "  fault      %-24s at event %,d: %s; running again after %.1f s%n",
        kind.key(), atEvent, detail, seconds);
    return new Fault(kind, true, atEvent, seconds, detail);
  }

  private KafkaConsumer<byte[], byte[]> consumerFromStart(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}

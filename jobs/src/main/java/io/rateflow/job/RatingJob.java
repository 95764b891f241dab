package io.rateflow.job;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompressionType;

/** The streaming rating job on Kafka: the pipeline between Kafka sources and exactly-once sinks. */
public final class RatingJob {
  /**
   * Restarts before the job gives up: 1 + 2 + 4 + ... s capped at a minute, about 12 minutes in
   * all.
   */
  public static final int RESTART_ATTEMPTS = 16;

  static final Duration RESTART_INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration RESTART_MAX_BACKOFF = Duration.ofMinutes(1);

  private final RatingConfig config;

  public RatingJob(RatingConfig config) {
    this.config = config;
  }

  /**
   * The Flink settings the job relies on: exactly-once checkpoints (without them the transactional
   * sinks never commit), RocksDB with incremental checkpoints, and no Kryo — every type on the wire
   * is Avro or a POJO, and a generic type sneaking in should fail at build time.
   *
   * <p>For restarts and upgrades (docs/operations.md): checkpoints are kept when the job is
   * cancelled or fails, so a new job can resume from the latest one; every operator carries an
   * explicit uid (generated ones change with the topology and would orphan state in a savepoint);
   * and failures are retried with a growing delay a bounded number of times, after which the job
   * fails and its last retained checkpoint is where the next start resumes.
   */
  public static Configuration flinkConfiguration(RatingConfig config, String checkpointDir) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    // Bounded so that interval + timeout stays below the sinks' transaction timeout (RatingConfig
    // checks it).
    conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, config.checkpointTimeout());
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    // Most de-duplication lookups are for ids never seen: a Bloom filter answers those without
    // reading a data block.
    conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    // Compaction rewrites every value several times: LZ4 costs less CPU than the default Snappy.
    conf.set(
        RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.LZ4_COMPRESSION));
    if (checkpointDir != null) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
    }
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        RESTART_INITIAL_BACKOFF);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_MAX_BACKOFF);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    // An hour without a failure counts as healthy again: the attempts start over.
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        Duration.ofHours(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.NAME, "rateflow-rating");
    return conf;
  }

  /**
   * A hook on the job's streams: {@link #build(StreamExecutionEnvironment, StreamTap)} passes every
   * source stream (as read from Kafka, before decoding) and every output stream (right before its
   * sink) through it. Failure injection (tests, {@code rateflow soak}) inserts operators there;
   * they need explicit uids, the job runs with {@code pipeline.auto-generate-uids=false}. Points
   * are named {@code source:NAME} and {@code sink:NAME}, e.g. {@code source:events}, {@code
   * sink:charges}.
   */
  public interface StreamTap {
    /** The identity: the job as it runs in production. */
    StreamTap NONE =
        new StreamTap() {
          @Override
          public <T> DataStream<T> apply(String point, DataStream<T> stream) {
            return stream;
          }
        };

    <T> DataStream<T> apply(String point, DataStream<T> stream);
  }

  /** Builds the job into {@code env}. */
  public RatingPipeline.Outputs build(StreamExecutionEnvironment env) {
    return build(env, StreamTap.NONE);
  }

  /**
   * Builds the job with a tap on the charge stream right before its sink; failure-injection tests
   * use it to crash the job between rating and committing.
   */
  public RatingPipeline.Outputs build(
      StreamExecutionEnvironment env, UnaryOperator<DataStream<Charge>> chargeTap) {
    return build(
        env,
        new StreamTap() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> DataStream<T> apply(String point, DataStream<T> stream) {
            return point.equals("sink:charges")
                ? (DataStream<T>) chargeTap.apply((DataStream<Charge>) stream)
                : stream;
          }
        });
  }

  /**
   * Builds the job with {@code tap} on every source and every output stream (see {@link
   * StreamTap}).
   */
  public RatingPipeline.Outputs build(StreamExecutionEnvironment env, StreamTap tap) {
    RatingPipeline.Inputs inputs =
        new RatingPipeline.Inputs(
                source(env, config.eventsTopic(), "events", tap),
                source(env, config.accountsTopic(), "accounts", tap),
                source(env, config.rulesTopic(), "rules", tap),
                source(env, config.balanceCommandsTopic(), "balance-commands", tap),
                source(env, config.estimateRequestsTopic(), "estimate-requests", tap))
            // Kafka can hand the rules over after the first events: no event is priced before the
            // rules that were on the topic at start have been read.
            .withRulesCatchUp();
    RatingPipeline.Outputs out = RatingPipeline.build(inputs, config);
    tap.apply("sink:charges", out.charges())
        .sinkTo(
            KafkaIO.sink(
                config, config.chargesTopic(), Charge.class, Charge::getAccountId, "charges"))
        .uid("sink-charges")
        .name("charges (exactly once)");
    tap.apply("sink:rejected", out.rejected())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.rejectedTopic(),
                RejectedEvent.class,
                RejectedEvent::getAccountId,
                "rejected"))
        .uid("sink-rejected")
        .name("rejected events (exactly once)");
    tap.apply("sink:rejected-rules", out.rejectedRules())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.rejectedRulesTopic(),
                RejectedRule.class,
                RejectedRule::getRuleSetId,
                "rejected-rules"))
        .uid("sink-rejected-rules")
        .name("rejected rules (exactly once)");
    tap.apply("sink:movements", out.movements())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.movementsTopic(),
                BalanceMovementRecord.class,
                BalanceMovementRecord::getAccountId,
                "movements"))
        .uid("sink-movements")
        .name("balance movements (exactly once)");
    tap.apply("sink:triggers", out.triggers())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.triggersTopic(),
                PromotionTriggerRecord.class,
                PromotionTriggerRecord::getAccountId,
                "triggers"))
        .uid("sink-triggers")
        .name("promotion triggers (exactly once)");
    tap.apply("sink:balances", out.balances())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.balancesTopic(),
                BalanceView.class,
                BalanceView::getAccountId,
                "balances"))
        .uid("sink-balances")
        .name("balances (exactly once)");
    tap.apply("sink:estimates", out.estimates())
        .sinkTo(
            KafkaIO.sink(
                config,
                config.estimateResponsesTopic(),
                EstimateResponse.class,
                EstimateResponse::getRequestId,
                "estimates",
                DeliveryGuarantee.AT_LEAST_ONCE))
        .uid("sink-estimates")
        .name("estimate responses (at least once, no checkpoint wait)");
    if (config.ledgerEnabled()) {
      LedgerPipeline.Outputs ledger = LedgerPipeline.build(out, config);
      LedgerPipeline.attachSinks(
          new LedgerPipeline.Outputs(
              tap.apply("sink:journal", ledger.journal()),
              tap.apply("sink:journal-detail", ledger.journalDetail()),
              tap.apply("sink:corrections", ledger.corrections()),
              tap.apply("sink:analytics", ledger.analytics()),
              tap.apply("sink:ledger-rejected", ledger.unpostable())),
          config);
    }
    return out;
  }

  private DataStream<RawRecord> source(
      StreamExecutionEnvironment env, String topic, String name, StreamTap tap) {
    return tap.apply(
        "source:" + name,
        env.fromSource(
                KafkaIO.source(config, topic), WatermarkStrategy.noWatermarks(), "kafka: " + topic)
            .uid("source-" + name));
  }
}

package io.rateflow.cli.bench;

import io.rateflow.avro.Charge;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.LocalFlink;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The rating job under a fixed offered load: a producer thread sends events at a set rate while the
 * job runs, and every committed charge gives two latencies from the event's Kafka timestamp: to
 * {@code rated_at} (as processed) and to the moment a read_committed consumer sees it (as
 * committed, i.e. including the wait for the checkpoint that commits the sink's transaction).
 *
 * <p>Only events sent during the measurement window count: it opens {@code warmup} after the first
 * charge is committed (start-up, loading the account profiles and any early backlog excluded) and
 * lasts {@code duration}.
 */
final class LatencyPhase {
  /** What the phase measured; latencies in ms. */
  record Result(
      double offeredRate,
      double achievedRate,
      long sent,
      int samples,
      long processedP50,
      long processedP99,
      long processedMax,
      long committedP50,
      long committedP99,
      long committedMax,
      boolean drained) {}

  private final AvroCodec<Charge> charges = AvroCodec.of(Charge.class);
  private final LatencySamples processed = new LatencySamples();
  private final LatencySamples committed = new LatencySamples();
  private String chargesTopic;
  private long firstChargeSeenAt;
  private long windowStart = Long.MAX_VALUE;
  private long windowEnd = Long.MAX_VALUE;

  Result run(
      RatingConfig config,
      Path checkpoints,
      int parallelism,
      CleanTraffic traffic,
      double rate,
      Duration warmup,
      Duration duration,
      Duration timeout,
      PrintStream out)
      throws Exception {
    chargesTopic = config.chargesTopic();
    StreamExecutionEnvironment env =
        LocalFlink.environment(
            RatingJob.flinkConfiguration(config, checkpoints.toAbsolutePath().toUri().toString()),
            parallelism,
            0);
    new RatingJob(config).build(env);
    try (CommittedCount seen =
            new CommittedCount(
                config.bootstrapServers(),
                List.of(config.chargesTopic(), config.rejectedTopic()),
                this::onCommitted);
        PacedProducer producer =
            new PacedProducer(config.bootstrapServers(), config.eventsTopic(), traffic, rate)) {
      JobClient job = env.executeAsync("rateflow-bench-latency");
      try {
        producer.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < windowEnd) {
          checkAlive(job, deadline);
          seen.poll(Duration.ofMillis(50));
          long now = System.currentTimeMillis();
          if (firstChargeSeenAt != 0 && windowStart == Long.MAX_VALUE) {
            windowStart = firstChargeSeenAt + warmup.toMillis();
            windowEnd = windowStart + duration.toMillis();
          }
          if (now >= nextReport) {
            nextReport = now + 5_000;
            out.printf(
                "  latency    %s  sent %,d at %,.0f/s, %,d accounted, %,d samples%s%n",
                windowStart == Long.MAX_VALUE
                    ? "starting "
                    : now < windowStart ? "warming up" : "measuring",
                producer.sent(),
                producer.achievedRate(),
                seen.count(),
                processed.size(),
                processed.size() > 0
                    ? String.format(", p50 so far %d ms processed", processed.percentile(50))
                    : "");
          }
        }
        long sent = producer.stop();
        out.printf(
            "  latency    window closed; %,d events sent at %,.0f/s; waiting for the last commits%n",
            sent, producer.achievedRate());
        boolean drained = true;
        while (seen.count() < sent) {
          if (System.nanoTime() > deadline) {
            drained = false;
            break;
          }
          checkAlive(job, deadline);
          seen.poll(Duration.ofMillis(100));
        }
        return new Result(
            rate,
            producer.achievedRate(),
            sent,
            processed.size(),
            processed.percentile(50),
            processed.percentile(99),
            processed.percentile(100),
            committed.percentile(50),
            committed.percentile(99),
            committed.percentile(100),
            drained);
      } finally {
        JobWatch.stop(job);
      }
    }
  }

  private static void checkAlive(JobClient job, long deadline) throws Exception {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("latency phase: no end after the timeout; see the log file");
    }
    JobStatus status = job.getJobStatus().get();
    if (status.isGloballyTerminalState()) {
      throw new IllegalStateException(
          "latency phase: the rating job ended (" + status + "); see the log file");
    }
  }

  private void onCommitted(CommittedCount.Seen s) {
    if (!s.record().topic().equals(chargesTopic)) {
      return;
    }
    Charge c;
    try {
      c = charges.decode(s.record().value());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "undecodable charge at "
              + s.record().topic()
              + "/"
              + s.record().partition()
              + "@"
              + s.record().offset(),
          e);
    }
    if (firstChargeSeenAt == 0) {
      firstChargeSeenAt = s.seenAtMillis();
    }
    long ingested = c.getIngestedAt().toEpochMilli();
    if (ingested >= windowStart && ingested < windowEnd) {
      processed.add(c.getRatedAt().toEpochMilli() - ingested);
      committed.add(s.seenAtMillis() - ingested);
    }
  }
}

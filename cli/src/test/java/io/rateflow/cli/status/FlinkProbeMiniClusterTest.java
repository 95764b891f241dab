package io.rateflow.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.run.LocalFlink;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The REST part of {@code status} against a real local Flink with its REST endpoint, as {@code
 * ./rateflow run} starts it: a tiny job whose "account" operator reports a {@code heldEvents} gauge
 * on each of its two subtasks.
 */
class FlinkProbeMiniClusterTest {
  /** Each subtask says it holds this many inputs; the status must sum them over the subtasks. */
  private static final long HELD_PER_SUBTASK = 7;

  /** A stand-in for the account operator: passes records on and reports a fixed gauge. */
  static final class Holding extends RichMapFunction<Long, Long> {
    private final long held = HELD_PER_SUBTASK;

    @Override
    public void open(OpenContext ctx) {
      // A gauge object per subtask (this lambda captures this): Flink's metric query service keys
      // gauges by object, so one non-capturing lambda shared by two subtasks reports only once.
      getRuntimeContext().getMetricGroup().gauge(FlinkProbe.HELD_EVENTS, (Gauge<Long>) () -> held);
    }

    @Override
    public Long map(Long value) throws Exception {
      Thread.sleep(5); // keep the job alive and cheap: a few hundred records a second
      return value;
    }
  }

  @Test
  void readsTheRunningJobItsCheckpointsAndTheSummedGauge() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
    // The REST server fetches metrics from the TaskManagers every 10 s by default.
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(300));
    conf.setString("restart-strategy.type", "none");
    int port = LocalFlink.freePort();
    StreamExecutionEnvironment env = LocalFlink.environment(conf, 2, port);
    env.fromSequence(0, Long.MAX_VALUE)
        .name("numbers")
        .uid("numbers")
        .map(new Holding())
        .name("account")
        .uid("account")
        .sinkTo(new DiscardingSink<>())
        .name("nowhere");
    JobClient job = env.executeAsync(FlinkProbe.JOB_NAME);
    try {
      String address = "127.0.0.1:" + port;
      FlinkRest rest = FlinkRest.at(address, Duration.ofSeconds(5));
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(90);
      FlinkStatus s = FlinkProbe.probe(rest, address, null);
      // The REST server learns each subtask's metrics on its own schedule: wait for both.
      while ((s.lastCheckpoint() == null
              || !Long.valueOf(2 * HELD_PER_SUBTASK).equals(s.heldEvents())
              || !s.running())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
        s = FlinkProbe.probe(rest, address, null);
      }
      System.out.printf(
          "status complete after %d ms: %s%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), s);

      assertThat(s.error()).isNull();
      assertThat(s.jobId()).isEqualTo(job.getJobID().toHexString());
      assertThat(s.state()).isEqualTo("RUNNING");
      assertThat(s.uptimeMillis()).isPositive();
      assertThat(s.restarts()).isZero();
      assertThat(s.lastCheckpoint()).as("a completed checkpoint within 90 s").isNotNull();
      assertThat(s.lastCheckpoint().id()).isPositive();
      assertThat(s.lastCheckpoint().completedAtMillis())
          .isLessThanOrEqualTo(System.currentTimeMillis());
      // triggers before every task runs count as failed checkpoints in Flink: a number, not zero
      assertThat(s.failedCheckpoints()).isNotNull().isNotNegative();
      assertThat(s.heldEvents()).isEqualTo(2 * HELD_PER_SUBTASK);
      StatusReport report =
          new StatusReport(
              Instant.now(),
              s,
              KafkaStatus.unreachable("b:1", "g", "pricing-rules", "Kafka at b:1 did not answer"),
              0);
      assertThat(report.text()).contains("RUNNING, up ").contains("held events: 14");
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }
}

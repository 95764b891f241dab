package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The job's settings for restarts and upgrades, and a topology that satisfies them. */
class RatingJobGraphTest {
  private static final RatingConfig CONFIG = RatingConfig.defaults("localhost:9092");

  @Test
  void checkpointsAreRetainedAndRestartsAreBounded() {
    Configuration conf = RatingJob.flinkConfiguration(CONFIG, "file:///tmp/cp");
    assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(conf.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(RatingJob.RESTART_ATTEMPTS);
  }

  /** Without generated uids, an operator lacking an explicit one fails the job graph's creation. */
  @Test
  void everyOperatorOfTheWholeJobHasAnExplicitUid() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RatingJob.flinkConfiguration(CONFIG, null));
    new RatingJob(CONFIG.toBuilder().ledgerEnabled(true).build()).build(env);
    StreamGraph graph = env.getStreamGraph();
    JobGraph job = graph.getJobGraph();
    assertThat(job.getNumberOfVertices()).isPositive();
    for (StreamNode node : graph.getStreamNodes()) {
      assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotBlank();
    }
  }

  /** The setting is in force: the check above is not vacuous. */
  @Test
  void anOperatorWithoutUidIsRefused() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(RatingJob.flinkConfiguration(CONFIG, null));
    env.fromSequence(1, 2).uid("numbers").map(n -> n + 1).returns(Long.class).sinkTo(new DiscardingSink<>()).uid("discard");
    assertThatThrownBy(() -> env.getStreamGraph().getJobGraph()).hasMessageContaining("UID");
  }
}

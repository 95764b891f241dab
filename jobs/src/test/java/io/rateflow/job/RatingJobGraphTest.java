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
    assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
        .isEqualTo(RatingJob.RESTART_ATTEMPTS);
  }

  /** Without generated uids, an operator lacking an explicit one fails the job graph's creation. */
  @Test
  void everyOperatorOfTheWholeJobHasAnExplicitUid() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            RatingJob.flinkConfiguration(CONFIG, null));
    new RatingJob(CONFIG.toBuilder().ledgerEnabled(true).build()).build(env);
    StreamGraph graph = env.getStreamGraph();
    JobGraph job = graph.getJobGraph();
    assertThat(job.getNumberOfVertices()).isPositive();
    for (StreamNode node : graph.getStreamNodes()) {
      assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotBlank();
    }
  }

  /**
   * The ledger runs inside the account operator: the job with it has no journal or summary operator
   * of its own, and the only keyed operators besides the account operator are the analytics
   * windows.
   */
  @Test
  void theLedgerAddsNoShuffleOfItsOwn() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            RatingJob.flinkConfiguration(CONFIG, null));
    new RatingJob(CONFIG.toBuilder().ledgerEnabled(true).ledgerDetailEntries(true).build())
        .build(env);
    StreamGraph graph = env.getStreamGraph();
    assertThat(graph.getStreamNodes())
        .extracting(StreamNode::getTransformationUID)
        .contains(
            "account-processor",
            "sink-journal",
            "sink-journal-detail",
            "sink-corrections",
            "sink-ledger-rejected")
        .doesNotContain("ledger-journal", "ledger-summaries", "sink-summaries");
    assertThat(graph.getStreamNodes())
        .filteredOn(n -> n.getStatePartitioners().length > 0)
        .extracting(StreamNode::getTransformationUID)
        .containsExactlyInAnyOrder("account-processor", "ledger-analytics");
  }

  /** The setting is in force: the check above is not vacuous. */
  @Test
  void anOperatorWithoutUidIsRefused() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            RatingJob.flinkConfiguration(CONFIG, null));
    env.fromSequence(1, 2)
        .uid("numbers")
        .map(n -> n + 1)
        .returns(Long.class)
        .sinkTo(new DiscardingSink<>())
        .uid("discard");
    assertThatThrownBy(() -> env.getStreamGraph().getJobGraph()).hasMessageContaining("UID");
  }
}

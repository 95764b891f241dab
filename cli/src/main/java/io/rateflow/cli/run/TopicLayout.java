package io.rateflow.cli.run;

import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.job.RatingConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Every topic of a configuration, created on an embedded broker the way production should have
 * them.
 */
public final class TopicLayout {
  private TopicLayout() {}

  /**
   * Creates the topics: the high-volume ones with {@code partitions}, the rest with one; accounts
   * and balances compacted (latest record per account wins); pricing rules never compacted (every
   * version is kept).
   */
  public static void create(EmbeddedKafka kafka, RatingConfig c, int partitions) {
    createInputs(kafka, c, partitions);
    createOutputs(kafka, c, partitions);
  }

  /**
   * The job's inputs: events, account profiles (compacted), rules, balance commands, estimate
   * requests.
   */
  public static void createInputs(EmbeddedKafka kafka, RatingConfig c, int partitions) {
    kafka.createTopics(
        Map.of(
            c.eventsTopic(),
            partitions,
            c.rulesTopic(),
            1,
            c.balanceCommandsTopic(),
            1,
            c.estimateRequestsTopic(),
            1));
    kafka.createCompactedTopics(Map.of(c.accountsTopic(), partitions));
  }

  /** What the job writes; several runs over the same inputs each need their own. */
  public static void createOutputs(EmbeddedKafka kafka, RatingConfig c, int partitions) {
    Map<String, Integer> plain = new HashMap<>();
    for (String t : new String[] {c.chargesTopic(), c.movementsTopic(), c.journalTopic()}) {
      plain.put(t, partitions);
    }
    for (String t :
        new String[] {
          c.rejectedTopic(),
          c.rejectedRulesTopic(),
          c.estimateResponsesTopic(),
          c.triggersTopic(),
          c.journalDetailTopic(),
          c.analyticsTopic(),
          c.correctionsTopic(),
          c.ledgerRejectedTopic()
        }) {
      plain.put(t, 1);
    }
    kafka.createTopics(plain);
    kafka.createCompactedTopics(Map.of(c.balancesTopic(), 1));
  }
}

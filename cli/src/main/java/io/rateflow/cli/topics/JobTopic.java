package io.rateflow.cli.topics;

import io.rateflow.job.RatingConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A topic the job reads or writes: its key in rateflow.properties and where {@link RatingConfig}
 * keeps its name. k8s/topics.yaml names each topic by its default name, which is how a definition
 * there finds its configured name here.
 */
public record JobTopic(String configKey, Function<RatingConfig, String> name) {
  /** Every topic of {@link RatingConfig}, inputs first; a test checks none is missing. */
  public static final List<JobTopic> ALL = List.of(
      new JobTopic("topic.events", RatingConfig::eventsTopic),
      new JobTopic("topic.accounts", RatingConfig::accountsTopic),
      new JobTopic("topic.rules", RatingConfig::rulesTopic),
      new JobTopic("topic.balance-commands", RatingConfig::balanceCommandsTopic),
      new JobTopic("topic.estimate-requests", RatingConfig::estimateRequestsTopic),
      new JobTopic("topic.charges", RatingConfig::chargesTopic),
      new JobTopic("topic.rejected", RatingConfig::rejectedTopic),
      new JobTopic("topic.rejected-rules", RatingConfig::rejectedRulesTopic),
      new JobTopic("topic.estimate-responses", RatingConfig::estimateResponsesTopic),
      new JobTopic("topic.movements", RatingConfig::movementsTopic),
      new JobTopic("topic.triggers", RatingConfig::triggersTopic),
      new JobTopic("topic.balances", RatingConfig::balancesTopic),
      new JobTopic("topic.journal", RatingConfig::journalTopic),
      new JobTopic("topic.summaries", RatingConfig::summariesTopic),
      new JobTopic("topic.analytics", RatingConfig::analyticsTopic),
      new JobTopic("topic.corrections", RatingConfig::correctionsTopic),
      new JobTopic("topic.ledger-rejected", RatingConfig::ledgerRejectedTopic));

  /** The name this topic has when rateflow.properties does not rename it (and in k8s/topics.yaml). */
  public String defaultName() {
    return name.apply(RatingConfig.defaults("unused:9092"));
  }

  /** The job topic whose default name is {@code k8sName}. */
  public static Optional<JobTopic> byDefaultName(String k8sName) {
    return ALL.stream().filter(t -> t.defaultName().equals(k8sName)).findFirst();
  }
}

package io.rateflow.cli.topics;

import io.rateflow.job.RatingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A topic the job reads or writes: its key in rateflow.properties and where {@link RatingConfig}
 * keeps its name. k8s/topics.yaml names each topic by its default name, which is how a definition
 * there finds its configured name here.
 */
public record JobTopic(String configKey, Function<RatingConfig, String> name, Use use) {
  /** What the job does with the topic. */
  public enum Use {
    INPUT,
    OUTPUT,
    LEDGER_OUTPUT,
    /** Written only with ledger.detail-entries=true (one GL entry per charge). */
    LEDGER_DETAIL
  }

  /** Every topic of {@link RatingConfig}, inputs first; a test checks none is missing. */
  public static final List<JobTopic> ALL =
      List.of(
          new JobTopic("topic.events", RatingConfig::eventsTopic, Use.INPUT),
          new JobTopic("topic.accounts", RatingConfig::accountsTopic, Use.INPUT),
          new JobTopic("topic.rules", RatingConfig::rulesTopic, Use.INPUT),
          new JobTopic("topic.balance-commands", RatingConfig::balanceCommandsTopic, Use.INPUT),
          new JobTopic("topic.estimate-requests", RatingConfig::estimateRequestsTopic, Use.INPUT),
          new JobTopic("topic.charges", RatingConfig::chargesTopic, Use.OUTPUT),
          new JobTopic("topic.rejected", RatingConfig::rejectedTopic, Use.OUTPUT),
          new JobTopic("topic.rejected-rules", RatingConfig::rejectedRulesTopic, Use.OUTPUT),
          new JobTopic(
              "topic.estimate-responses", RatingConfig::estimateResponsesTopic, Use.OUTPUT),
          new JobTopic("topic.movements", RatingConfig::movementsTopic, Use.OUTPUT),
          new JobTopic("topic.triggers", RatingConfig::triggersTopic, Use.OUTPUT),
          new JobTopic("topic.balances", RatingConfig::balancesTopic, Use.OUTPUT),
          new JobTopic("topic.journal", RatingConfig::journalTopic, Use.LEDGER_OUTPUT),
          new JobTopic("topic.journal-detail", RatingConfig::journalDetailTopic, Use.LEDGER_DETAIL),
          new JobTopic("topic.analytics", RatingConfig::analyticsTopic, Use.LEDGER_OUTPUT),
          new JobTopic("topic.corrections", RatingConfig::correctionsTopic, Use.LEDGER_OUTPUT),
          new JobTopic(
              "topic.ledger-rejected", RatingConfig::ledgerRejectedTopic, Use.LEDGER_OUTPUT));

  /**
   * The name this topic has when rateflow.properties does not rename it (and in k8s/topics.yaml).
   */
  public String defaultName() {
    return name.apply(RatingConfig.defaults("unused:9092"));
  }

  /**
   * The topics a job with this configuration uses, by configured name, each with its configuration
   * key (for messages that say which key to change): the ledger's only when the ledger is enabled,
   * the detail topic only with ledger.detail-entries.
   */
  public static Map<String, String> used(RatingConfig c, boolean inputsOnly) {
    Map<String, String> t = new LinkedHashMap<>();
    for (JobTopic topic : ALL) {
      boolean used =
          topic.use == Use.INPUT
              || !inputsOnly
                  && (topic.use == Use.OUTPUT
                      || topic.use == Use.LEDGER_OUTPUT && c.ledgerEnabled()
                      || topic.use == Use.LEDGER_DETAIL
                          && c.ledgerEnabled()
                          && c.ledgerDetailEntries());
      if (used) {
        t.put(topic.name.apply(c), topic.configKey);
      }
    }
    return t;
  }

  /** The job topic whose default name is {@code k8sName}. */
  public static Optional<JobTopic> byDefaultName(String k8sName) {
    return ALL.stream().filter(t -> t.defaultName().equals(k8sName)).findFirst();
  }
}

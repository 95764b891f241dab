package io.rateflow.cli.status;

import java.util.List;

/**
 * What the broker says about the job: its consumer group's lag per input topic and the rule
 * versions on the rules topic.
 *
 * @param error why the broker could not be asked (then lag is empty), or {@code null}
 * @param rulesError why the rules topic could not be read (then rules is empty), or {@code null}
 */
public record KafkaStatus(
    String bootstrap,
    String group,
    String error,
    List<TopicLag> lag,
    String rulesTopic,
    List<RuleSetState> rules,
    String rulesError) {

  static KafkaStatus unreachable(String bootstrap, String group, String rulesTopic, String error) {
    return new KafkaStatus(bootstrap, group, error, List.of(), rulesTopic, List.of(), null);
  }

  public boolean answered() {
    return error == null;
  }

  /** Records behind over every input topic. */
  public long totalLag() {
    return lag.stream().mapToLong(TopicLag::lag).sum();
  }
}

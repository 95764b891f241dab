package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kafka user of {@code k8s/kafka-credentials.yaml} may do everything the job does, so a secured
 * deployment does not fail at start: read every input, write every output, use the consumer group
 * and the transactional ids.
 */
class KafkaCredentialsAclTest {
  private static final RatingConfig DEFAULTS = RatingConfig.defaults("kafka:9092");

  /** The topics the job reads; every other topic of the config is one it writes. */
  private static final Set<String> INPUTS =
      Set.of(
          DEFAULTS.eventsTopic(),
          DEFAULTS.accountsTopic(),
          DEFAULTS.rulesTopic(),
          DEFAULTS.balanceCommandsTopic(),
          DEFAULTS.estimateRequestsTopic());

  /**
   * Every topic name in the defaults, by accessor, found by reflection so a new topic is not
   * missed.
   */
  private static Map<String, String> topics() throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (RecordComponent c : RatingConfig.class.getRecordComponents()) {
      if (c.getName().endsWith("Topic")) {
        m.put(c.getName(), (String) c.getAccessor().invoke(DEFAULTS));
      }
    }
    return m;
  }

  private record Acl(String type, String name, String pattern, List<String> operations) {
    boolean covers(String t, String n) {
      return type.equals(t) && ("prefix".equals(pattern) ? n.startsWith(name) : n.equals(name));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Acl> acls() throws Exception {
    Map<String, Object> doc =
        new Yaml().load(Files.readString(Path.of("..", "k8s", "kafka-credentials.yaml")));
    Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");
    List<Acl> out = new ArrayList<>();
    for (Map<String, Object> a : raw) {
      Map<String, Object> r = (Map<String, Object>) a.get("resource");
      out.add(
          new Acl(
              (String) r.get("type"),
              (String) r.getOrDefault("name", ""),
              (String) r.getOrDefault("patternType", "literal"),
              (List<String>) a.get("operations")));
    }
    return out;
  }

  private static Set<String> operations(List<Acl> acls, String type, String name) {
    Set<String> ops = new java.util.HashSet<>();
    acls.stream().filter(a -> a.covers(type, name)).forEach(a -> ops.addAll(a.operations()));
    return ops;
  }

  @Test
  void everyTopicOfTheJobIsCoveredWithTheRightOperation() throws Exception {
    List<Acl> acls = acls();
    Map<String, String> topics = topics();
    assertThat(topics)
        .hasSizeGreaterThanOrEqualTo(17)
        .containsValues(INPUTS.toArray(String[]::new));
    Map<String, Set<String>> missing = new HashMap<>();
    topics.forEach(
        (accessor, topic) -> {
          Set<String> needed =
              INPUTS.contains(topic) ? Set.of("Read", "Describe") : Set.of("Write", "Describe");
          Set<String> granted = operations(acls, "topic", topic);
          if (!granted.containsAll(needed)) {
            missing.put(accessor + "=" + topic, needed);
          }
        });
    assertThat(missing).as("topics without the ACL the job needs").isEmpty();
  }

  @Test
  void theGroupAndEverySinksTransactionalIdsAreCovered() throws Exception {
    List<Acl> acls = acls();
    assertThat(operations(acls, "group", DEFAULTS.groupId())).contains("Read");
    for (String sink :
        List.of(
            "charges",
            "rejected",
            "rejected-rules",
            "movements",
            "triggers",
            "balances",
            "estimate-responses",
            "journal",
            "summaries",
            "analytics")) {
      assertThat(
              operations(
                  acls, "transactionalId", DEFAULTS.transactionalIdPrefix() + "-" + sink + "-0-1"))
          .as(sink)
          .contains("Write", "Describe");
    }
  }
}

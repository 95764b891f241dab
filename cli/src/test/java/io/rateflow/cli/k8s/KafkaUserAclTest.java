package io.rateflow.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.job.RatingConfig;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code KafkaUser} of {@code k8s/kafka-credentials.yaml} against Strimzi's model, and its ACLs
 * against the job: everything it reads, writes, commits and opens a transaction on, and no more.
 */
class KafkaUserAclTest {
  private static final RatingConfig JOB = RatingConfig.defaults("kafka:9092");

  static KafkaUser user(List<Map<String, Object>> docs, String where) {
    List<Map<String, Object>> users = K8sManifests.ofKind(docs, KafkaUser.RESOURCE_KIND);
    assertThat(users).as(where + ": one KafkaUser").hasSize(1);
    KafkaUser user = K8sManifests.model(users.get(0), KafkaUser.class, where);
    assertThat(user.getApiVersion()).isEqualTo(KafkaUser.RESOURCE_GROUP + "/v1");
    return user;
  }

  /** One grant as text, e.g. {@code topic:charges(literal) Describe,Write}. */
  static String grant(AclRule rule) {
    AclRuleResource r = rule.getResource();
    String resource;
    if (r instanceof AclRuleTopicResource t) {
      resource = "topic:" + t.getName() + "(" + t.getPatternType().toValue() + ")";
    } else if (r instanceof AclRuleGroupResource g) {
      resource = "group:" + g.getName() + "(" + g.getPatternType().toValue() + ")";
    } else if (r instanceof AclRuleTransactionalIdResource x) {
      resource = "transactionalId:" + x.getName() + "(" + x.getPatternType().toValue() + ")";
    } else {
      resource = r.getType();
    }
    Set<String> ops = new TreeSet<>();
    rule.getOperations().forEach(o -> ops.add(o.toValue()));
    return resource + " " + String.join(",", ops);
  }

  /** The grants the job needs, from its configuration (names as RatingConfig has them). */
  static Set<String> needed(RatingConfig job) {
    Set<String> grants = new TreeSet<>();
    Set<String> inputs = K8sManifests.jobInputs(job);
    K8sManifests.jobTopics(job)
        .values()
        .forEach(
            topic ->
                grants.add(
                    "topic:"
                        + topic
                        + "(literal) "
                        + (inputs.contains(topic) ? "Describe,Read" : "Describe,Write")));
    // the sources commit offsets to the group; Flink's sinks name their transactional ids
    // prefix-sink-subtask-checkpoint (KafkaIO.sink)
    grants.add("group:" + job.groupId() + "(literal) Describe,Read");
    grants.add("transactionalId:" + job.transactionalIdPrefix() + "-(prefix) Describe,Write");
    return grants;
  }

  /** What the user grants beyond the job's needs, and what it lacks. */
  static Map<String, Set<String>> differences(KafkaUser user, RatingConfig job) {
    Set<String> granted = new TreeSet<>();
    List<AclRule> acls =
        ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    acls.forEach(a -> granted.add(grant(a)));
    Set<String> missing = new TreeSet<>(needed(job));
    missing.removeAll(granted);
    Set<String> extra = new TreeSet<>(granted);
    extra.removeAll(needed(job));
    return Map.of("missing", missing, "extra", extra);
  }

  @Test
  void theUserIsAStrimziKafkaUserWithScramAndSimpleAuthorization() throws Exception {
    KafkaUser user =
        user(
            K8sManifests.documents(K8sManifests.file("kafka-credentials.yaml")),
            "kafka-credentials.yaml");
    assertThat(user.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
    assertThat(user.getSpec().getAuthentication())
        .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
    List<AclRule> acls =
        ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    assertThat(acls)
        .allSatisfy(
            a -> {
              assertThat(a.getType()).as(grant(a)).isIn(null, AclRuleType.ALLOW);
              // the single-operation form exists only in v1beta2
              assertThat(a.getOperation()).as(grant(a)).isNull();
              assertThat(a.getHost()).as(grant(a)).isIn(null, "*");
            });
  }

  @Test
  void theAclsAreExactlyWhatTheJobReadsWritesCommitsAndTransacts() throws Exception {
    KafkaUser user =
        user(
            K8sManifests.documents(K8sManifests.file("kafka-credentials.yaml")),
            "kafka-credentials.yaml");
    assertThat(differences(user, JOB))
        .containsEntry("missing", Set.of())
        .containsEntry("extra", Set.of());
  }

  @Test
  void aMissingOrASurplusGrantIsCaught() throws Exception {
    KafkaUser user =
        user(
            K8sManifests.documents(K8sManifests.file("kafka-credentials.yaml")),
            "kafka-credentials.yaml");
    List<AclRule> acls =
        new ArrayList<>(
            ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls());
    AclRule charges =
        acls.stream().filter(a -> grant(a).startsWith("topic:charges(")).findFirst().orElseThrow();
    acls.remove(charges);
    AclRuleClusterResource cluster = new AclRuleClusterResource();
    acls.add(
        new AclRule(
            AclRuleType.ALLOW,
            cluster,
            null,
            List.of(io.strimzi.api.kafka.model.user.acl.AclOperation.IDEMPOTENTWRITE)));
    ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).setAcls(acls);

    Map<String, Set<String>> d = differences(user, JOB);
    assertThat(d.get("missing")).containsExactly("topic:charges(literal) Describe,Write");
    assertThat(d.get("extra")).containsExactly("cluster IdempotentWrite");
  }

  @Test
  void renamedTopicsInTheConfigurationNeedRenamedGrants() throws Exception {
    KafkaUser user =
        user(
            K8sManifests.documents(K8sManifests.file("kafka-credentials.yaml")),
            "kafka-credentials.yaml");
    RatingConfig renamed = JOB.toBuilder().chargesTopic("billing-charges").build();
    assertThat(differences(user, renamed).get("missing"))
        .containsExactly("topic:billing-charges(literal) Describe,Write");
  }
}

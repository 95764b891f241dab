package io.rateflow.cli.topics;

import io.rateflow.cli.io.KafkaConnection;
import io.rateflow.job.RatingConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rateflow topics create}: every topic of k8s/topics.yaml, under the names of
 * rateflow.properties. A topic that exists is reported with its differences and never altered:
 * changing partitions or retention of a live topic is a decision for its owner, not a side effect.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Creates every topic the job uses, as k8s/topics.yaml defines it.",
      "Partitions, cleanup policy and retention come from k8s/topics.yaml, names from",
      "--config (else the defaults). Existing topics are reported, with any",
      "difference, and left as they are."
    })
public final class CreateTopicsCommand implements Callable<Integer> {
  static final long TIMEOUT_SECONDS = 30;

  @Mixin KafkaConnection connection = new KafkaConnection();

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description =
          "Replicas of every topic instead of k8s/topics.yaml's (1 on a one-broker dev cluster); caps min.insync.replicas.")
  Integer replicas;

  @Option(names = "--dry-run", description = "Show what would be created; create nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  /** The definitions under the configured names and replica count. */
  static List<TopicDefinition> planned(RatingConfig config, Integer replicas) {
    List<TopicDefinition> out = new ArrayList<>();
    for (TopicDefinition d : TopicDefinitions.shipped()) {
      JobTopic topic =
          JobTopic.byDefaultName(d.name())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "k8s/topics.yaml defines topic '"
                              + d.name()
                              + "', which the job does not use"));
      out.add(d.as(topic.name().apply(config), replicas));
    }
    return out;
  }

  @Override
  public Integer call() throws Exception {
    if (replicas != null && replicas < 1) {
      throw new IllegalArgumentException("--replicas must be 1 or more, got " + replicas);
    }
    RatingConfig config = connection.rating();
    List<TopicDefinition> wanted = planned(config, replicas);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> settings = new HashMap<>(connection.clientSettings(config));
    settings.putIfAbsent("client.id", "rateflow-topics");
    settings.putIfAbsent(
        "default.api.timeout.ms", Long.toString(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
    try (Admin admin = Admin.create(settings)) {
      Set<String> existing = await(admin.listTopics().names(), config);
      List<NewTopic> missing = new ArrayList<>();
      int differing = 0;
      for (TopicDefinition d : wanted) {
        if (existing.contains(d.name())) {
          List<String> differences = differences(admin, d, config);
          differing += differences.isEmpty() ? 0 : 1;
          out.println(
              "exists   "
                  + d.name()
                  + (differences.isEmpty()
                      ? ""
                      : "  (differs from k8s/topics.yaml, left as it is: "
                          + String.join("; ", differences)
                          + ")"));
        } else {
          missing.add(
              new NewTopic(d.name(), d.partitions(), (short) d.replicas()).configs(d.config()));
        }
      }
      int failed = 0;
      if (!dryRun && !missing.isEmpty()) {
        var results = admin.createTopics(missing).values();
        for (NewTopic t : missing) {
          try {
            await(results.get(t.name()), config);
            out.println("created  " + describe(t));
          } catch (IllegalArgumentException e) {
            failed++;
            err.println("failed   " + t.name() + ": " + e.getMessage() + hint(e.getMessage()));
          }
        }
      } else {
        missing.forEach(t -> out.println("would create " + describe(t)));
      }
      out.printf(
          "%d topics: %d %s, %d already there (%d differ), %d failed%n",
          wanted.size(),
          missing.size() - failed,
          dryRun ? "to create (--dry-run: nothing created)" : "created",
          wanted.size() - missing.size(),
          differing,
          failed);
      return failed == 0 ? 0 : 1;
    }
  }

  private static String describe(NewTopic t) {
    return t.name()
        + "  partitions="
        + t.numPartitions()
        + " replicas="
        + t.replicationFactor()
        + new java.util.TreeMap<>(t.configs())
            .entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining());
  }

  private static String hint(String message) {
    return message != null && message.contains("larger than available brokers")
        ? " (a cluster with fewer brokers needs --replicas N)"
        : "";
  }

  /** What the existing topic has that k8s/topics.yaml says otherwise. */
  private static List<String> differences(Admin admin, TopicDefinition d, RatingConfig config) {
    List<String> out = new ArrayList<>();
    TopicDescription topic =
        await(admin.describeTopics(List.of(d.name())).topicNameValues().get(d.name()), config);
    if (topic.partitions().size() != d.partitions()) {
      out.add("partitions " + topic.partitions().size() + ", not " + d.partitions());
    }
    int r = topic.partitions().get(0).replicas().size();
    if (r != d.replicas()) {
      out.add("replicas " + r + ", not " + d.replicas());
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, d.name());
    Config actual = await(admin.describeConfigs(List.of(resource)).values().get(resource), config);
    d.config()
        .forEach(
            (key, value) -> {
              ConfigEntry e = actual.get(key);
              String have = e == null ? null : e.value();
              if (!value.equals(have)) {
                out.add(key + " " + have + ", not " + value);
              }
            });
    return out;
  }

  /**
   * The result, or a one-line reason (exit 2): a broker that does not answer, an authorisation
   * refused.
   */
  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> f, RatingConfig config) {
    try {
      return f.get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalArgumentException(
          "Kafka at "
              + config.bootstrapServers()
              + " did not answer within "
              + TIMEOUT_SECONDS
              + " s; check --bootstrap / bootstrap.servers and the security settings");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new IllegalArgumentException(
            "Kafka at "
                + config.bootstrapServers()
                + " did not answer within "
                + TIMEOUT_SECONDS
                + " s; check --bootstrap / bootstrap.servers and the security settings");
      }
      // an authorisation refused, a replication factor the cluster cannot meet: one line, not a
      // trace
      throw new IllegalArgumentException(
          cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

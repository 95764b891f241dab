package io.rateflow.cli.run;

import io.rateflow.cli.topics.JobTopic;
import io.rateflow.job.RatingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a job starts, that Kafka answers and every topic the job reads or writes exists.
 * Without it a wrong address or a missing topic makes the job restart until its attempts run out,
 * with nothing on the console.
 */
public final class KafkaPreflight {
  /** Each of the two round trips (cluster, topics) gets this long; together well under 30 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(12);

  private KafkaPreflight() {}

  /** What is wrong, as one line for the console, or empty when the job can start. */
  public static Optional<String> problem(RatingConfig config) {
    Map<String, Object> p = adminSettings(config);
    String where = config.bootstrapServers();
    try (Admin admin = Admin.create(p)) {
      try {
        get(admin.describeCluster().nodes());
      } catch (TimeoutException e) {
        return Optional.of(
            "cannot reach Kafka at "
                + where
                + " within "
                + TIMEOUT.toSeconds()
                + " s: check bootstrap.servers and the kafka.* security settings in the configuration, and that the brokers are up");
      } catch (ExecutionException e) {
        return Optional.of(
            "Kafka at "
                + where
                + " refused the connection: "
                + e.getCause().getMessage()
                + " (check the kafka.* security settings in the configuration)");
      }
      List<String> missing = new ArrayList<>();
      Map<String, String> topics = topics(config);
      var described = admin.describeTopics(topics.keySet()).topicNameValues();
      for (var e : described.entrySet()) {
        try {
          get(e.getValue());
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
            missing.add(e.getKey());
          } else {
            return Optional.of(
                "cannot describe topic '"
                    + e.getKey()
                    + "' on "
                    + where
                    + ": "
                    + ex.getCause().getMessage()
                    + " (the job's user needs DESCRIBE, READ and WRITE on its topics)");
          }
        } catch (TimeoutException ex) {
          return Optional.of(
              "Kafka at "
                  + where
                  + " did not describe topic '"
                  + e.getKey()
                  + "' within "
                  + TIMEOUT.toSeconds()
                  + " s");
        }
      }
      if (!missing.isEmpty()) {
        missing.sort(null);
        List<String> named =
            missing.stream().map(t -> "'" + t + "' (" + topics.get(t) + ")").toList();
        return Optional.of(
            (missing.size() == 1 ? "topic " : "topics ")
                + String.join(", ", named)
                + (missing.size() == 1 ? " does" : " do")
                + " not exist on "
                + where
                + " (create "
                + (missing.size() == 1 ? "it" : "them")
                + " with './rateflow topics create --config FILE',"
                + " or set the topic.* key to an existing topic)");
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking Kafka at " + where);
    } catch (RuntimeException e) {
      // e.g. no resolvable bootstrap address, an invalid security setting
      return Optional.of(
          "cannot connect to Kafka at "
              + where
              + ": "
              + e.getMessage()
              + " (check bootstrap.servers and the kafka.* settings in the configuration)");
    }
  }

  /**
   * The cluster and input topics the configuration points at, or empty when they cannot be asked.
   */
  public static Optional<StateOrigin> origin(RatingConfig config) {
    try (Admin admin = Admin.create(adminSettings(config))) {
      String cluster = get(admin.describeCluster().clusterId());
      Map<String, String> ids = new java.util.TreeMap<>();
      for (var e :
          admin.describeTopics(JobTopic.used(config, true).keySet()).topicNameValues().entrySet()) {
        ids.put(e.getKey(), get(e.getValue()).topicId().toString());
      }
      return cluster == null
          ? Optional.empty()
          : Optional.of(new StateOrigin(cluster, config.bootstrapServers(), ids));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The job's Kafka settings for a short-lived admin client whose every call gives up after {@link
   * #TIMEOUT}.
   */
  private static Map<String, Object> adminSettings(RatingConfig config) {
    Map<String, Object> p = new HashMap<>(config.kafkaProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "rateflow-run-preflight");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return p;
  }

  /** Every topic the job uses → the configuration key that names it. */
  static Map<String, String> topics(RatingConfig c) {
    return JobTopic.used(c, false);
  }

  private static <T> T get(KafkaFuture<T> f)
      throws ExecutionException, InterruptedException, TimeoutException {
    try {
      return f.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new TimeoutException(e.getCause().getMessage());
      }
      throw e;
    }
  }
}

package io.rateflow.cli.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Fails fast, in one line, when Kafka does not answer or the topic is not there. */
final class TopicCheck {
  static final int SECONDS = 30;

  private TopicCheck() {}

  /** The topic's partition count. */
  static int partitions(Map<String, String> clientSettings, String topic) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put("client.id", "rateflow-topic-check");
    settings.put("default.api.timeout.ms", Integer.toString(SECONDS * 1000));
    try (Admin admin = Admin.create(settings)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(SECONDS + 5, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalArgumentException(
            "topic '"
                + topic
                + "' does not exist at "
                + clientSettings.get("bootstrap.servers")
                + "; create the job's topics with './rateflow topics create' (or name the topic with --topic / --config)");
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw notAnswering(clientSettings);
      }
      throw new IllegalArgumentException(
          "cannot use topic '" + topic + "': " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw notAnswering(clientSettings);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static IllegalArgumentException notAnswering(Map<String, String> settings) {
    return new IllegalArgumentException(
        "Kafka at "
            + settings.get("bootstrap.servers")
            + " did not answer within "
            + SECONDS
            + " s; check --bootstrap / bootstrap.servers and the security settings");
  }
}

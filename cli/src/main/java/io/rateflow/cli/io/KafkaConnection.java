package io.rateflow.cli.io;

import io.rateflow.cli.rules.KafkaClientOptions;
import io.rateflow.job.RatingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the data commands ({@code topics create}, {@code send}, {@code tail}) find Kafka: the same
 * rateflow.properties {@code run} reads (bootstrap servers, topic names, {@code kafka.*} security
 * settings), or {@code --bootstrap} with the client options of {@code rules publish}.
 */
public final class KafkaConnection {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (overrides bootstrap.servers of --config).")
  String bootstrap;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The rateflow.properties of 'run': bootstrap servers, topic names, kafka.* settings.")
  Path config;

  @Mixin KafkaClientOptions client = new KafkaClientOptions();

  /**
   * The job's configuration these commands share topic names with; defaults without {@code
   * --config}.
   */
  public RatingConfig rating() {
    if (config == null) {
      if (bootstrap == null || bootstrap.isBlank()) {
        throw new IllegalArgumentException(
            "say where Kafka is: --bootstrap HOST:PORT or --config rateflow.properties");
      }
      return RatingConfig.defaults(bootstrap);
    }
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "--config " + config + " does not exist; give the rateflow.properties that 'run' uses");
    }
    RatingConfig c;
    try {
      c = RatingConfig.load(config);
    } catch (IOException e) {
      throw new UncheckedIOException("--config " + config + " cannot be read", e);
    }
    return bootstrap == null ? c : c.toBuilder().bootstrapServers(bootstrap).build();
  }

  /**
   * Settings for every Kafka client: {@code bootstrap.servers}, the configuration's {@code kafka.*}
   * (prefix removed), then {@code --client-config} and {@code --kafka-property}, later ones
   * winning.
   */
  public Map<String, String> clientSettings(RatingConfig c) {
    Map<String, String> m = new HashMap<>(c.kafkaProperties());
    m.putAll(client.settings());
    m.put("bootstrap.servers", c.bootstrapServers());
    return m;
  }
}

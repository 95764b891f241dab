package io.rateflow.cli.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka client settings (security, SASL, TLS) of the commands that talk to a broker: a
 * properties file, and single settings on the command line that override it.
 */
public final class KafkaClientOptions {
  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Properties file with Kafka client settings (security.protocol, sasl.*, ssl.*).")
  Path clientConfig;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "One Kafka client setting; repeatable; overrides --client-config.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The settings, file first, then the command line's. */
  public Map<String, String> settings() {
    Map<String, String> m = new HashMap<>();
    if (clientConfig != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(clientConfig)) {
        p.load(in);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("--client-config " + clientConfig + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("--client-config " + clientConfig + " cannot be read", e);
      }
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
    }
    m.putAll(properties);
    return m;
  }
}

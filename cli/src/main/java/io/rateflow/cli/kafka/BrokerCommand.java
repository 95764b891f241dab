package io.rateflow.cli.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow broker}: a single-node Kafka broker on this machine, for trying Rateflow with
 * one's own data before there is a cluster to point it at. It writes a {@code rateflow.properties}
 * that every other command takes with {@code --config}, so the walkthrough never asks for a port.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local single-node Kafka broker for trying Rateflow, until Ctrl-C.",
      "It writes a rateflow.properties pointing at it (--write-config); 'topics create', 'send', 'run',",
      "'tail' and 'status' take that file with --config. The broker starts empty and its data is deleted",
      "when it stops: it is for trials on a trusted machine (no authentication), not for production."
    })
public final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--write-config",
      defaultValue = "rateflow.properties",
      description =
          "Where to write the properties file for the other commands (default ${DEFAULT-VALUE}); "
              + "an existing file is only overwritten with --overwrite.")
  Path config;

  @Option(names = "--overwrite", description = "Overwrite the --write-config file if it exists.")
  boolean overwrite;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile EmbeddedKafka kafka;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(config) && !overwrite) {
      throw new IllegalArgumentException(
          config + " exists; pass --overwrite to replace it, or " + "--write-config OTHER_FILE");
    }
    kafka = EmbeddedKafka.start();
    // Ctrl-C: the hook itself closes the broker, since the JVM halts as soon as the hooks are done.
    Thread hook = new Thread(this::stop, "rateflow-broker-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    writeConfig(config, kafka.bootstrapServers());
    System.out.printf(
        "Kafka is ready at %s (data in %s, deleted when it stops).%n",
        kafka.bootstrapServers(), kafka.dataDir());
    System.out.printf(
        "Wrote %s. Next: ./rateflow topics create --config %s --replicas 1%n", config, config);
    System.out.println("Ctrl-C stops the broker.");
    stopped.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already running: it has closed the broker
    }
    return 0;
  }

  /** Closes the broker and lets {@link #call()} return (Ctrl-C, or a test). */
  void stop() {
    EmbeddedKafka k = kafka;
    if (k != null) {
      k.close();
    }
    stopped.countDown();
  }

  /** Where the running broker listens, or null before it is up. */
  String bootstrapServers() {
    EmbeddedKafka k = kafka;
    return k == null ? null : k.bootstrapServers();
  }

  /**
   * The properties the other commands need for this broker: its address, every other key at its
   * default.
   */
  static void writeConfig(Path file, String bootstrap) throws IOException {
    String text =
        String.join(
            "\n",
            "# Written by ./rateflow broker for its local single-node broker.",
            "# Every other key takes its default (see k8s/rateflow.properties for the full list).",
            "bootstrap.servers=" + bootstrap,
            "");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}

package io.rateflow.cli.balances;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code balances show} reaches a secured cluster with the same client options as {@code rules
 * publish}.
 */
class BalancesShowTest {
  @TempDir Path dir;

  @Test
  void securitySettingsComeFromAFileAndTheCommandLine() throws Exception {
    Path props =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PEM\n");
    BalancesCommand.Show show = new BalancesCommand.Show();
    new CommandLine(show)
        .parseArgs(
            "acct-1",
            "--bootstrap",
            "kafka:9093",
            "--client-config",
            props.toString(),
            "--kafka-property",
            "ssl.truststore.location=/etc/ca.crt",
            "--kafka-property",
            "sasl.mechanism=PLAIN");
    assertThat(show.client.settings())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/ca.crt")
        .containsEntry("sasl.mechanism", "PLAIN"); // the command line overrides the file
  }

  @Test
  void theHelpListsTheClientOptions() {
    String usage =
        new CommandLine(new BalancesCommand()).getSubcommands().get("show").getUsageMessage();
    assertThat(usage).contains("--client-config").contains("--kafka-property");
  }
}

package io.rateflow.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rules validate} never says nothing: a path without rule files is an error. */
class RulesValidateTest {
  @TempDir Path dir;

  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new RulesCommand()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void aDirectoryWithoutRuleFilesExitsOneAndSaysSo() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a rule");
    Run r = run("validate", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(dir + ": no rule files (*.yaml, *.yml, *.json)");
  }

  @Test
  void aMissingPathExitsOne() {
    Run r = run("validate", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("no such file or directory");
  }

  @Test
  void aDirectoryWithAValidRuleStillPasses() throws Exception {
    Files.writeString(
        dir.resolve("usd.yaml"),
        """
        id: usd
        version: 1
        effective_from: 2026-01-01T00:00:00Z
        currency: USD
        meters:
          api_calls:
            unit: call
            aggregation: sum
            price:
              model: per_unit
              unit_price: 0.10
        """);
    Run r = run("validate", dir.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("ok  ");
  }

  @Test
  void publishAndListTakeTheSharedClientSettings() throws Exception {
    Path props =
        Files.writeString(
            dir.resolve("client.properties"), "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
    RulesCommand.Publish publish = new RulesCommand.Publish();
    new CommandLine(publish)
        .parseArgs(
            "x.yaml",
            "--bootstrap",
            "b:9092",
            "--client-config",
            props.toString(),
            "--kafka-property",
            "sasl.mechanism=SCRAM-SHA-512");
    assertThat(publish.kafka.extra())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }
}

package io.rateflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A user's mistake is one clear line, not a stack trace. */
class MainTest {
  @TempDir Path dir;

  @Test
  void aRefusedConfigurationIsOneLineNamingTheKeyAndTheFile() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rf.properties"),
            "bootstrap.servers=localhost:1\nkafka.isolation.level=read_uncommitted\n");
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));

    int code = cmd.execute("run", "--config", config.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("rateflow run: " + config)
        .contains("kafka.isolation.level")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingConfigurationFileIsOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));

    int code = cmd.execute("run", "--config", dir.resolve("missing.properties").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("rateflow run: no such file: " + dir.resolve("missing.properties"));
  }
}

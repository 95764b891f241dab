package io.rateflow.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user runs it: both parts said when neither answers, the exit code, mistakes. */
class StatusCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      var cmd = Main.commandLine();
      cmd.setErr(new PrintWriter(err));
      int code = cmd.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  /** A loopback port nobody listens on. */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void whenNeitherFlinkNorKafkaAnswersBothAreSaidAndTheExitCodeIsNotRunning() throws Exception {
    int port = closedPort();
    Path config =
        Files.writeString(
            dir.resolve("rf.properties"), "bootstrap.servers=127.0.0.1:" + port + "\n");

    Run text =
        run(
            "status",
            "--config",
            config.toString(),
            "--flink",
            "127.0.0.1:" + port,
            "--timeout",
            "2s");
    Run json =
        run(
            "status",
            "--config",
            config.toString(),
            "--flink",
            "127.0.0.1:" + port,
            "--timeout",
            "2s",
            "--json");

    assertThat(text.code()).isEqualTo(StatusReport.NOT_RUNNING);
    assertThat(text.out())
        .contains("Flink at 127.0.0.1:" + port + " did not answer")
        .contains("Kafka at 127.0.0.1:" + port + " did not answer within 2 s")
        .contains("(exit 1)");
    assertThat(json.code()).isEqualTo(StatusReport.NOT_RUNNING);
    assertThat(json.out())
        .startsWith("{")
        .contains("\"exit_code\" : 1")
        .contains("\"total_lag\" : null");
  }

  @Test
  void aMalformedFlinkAddressIsOneLineAndExitTwo() throws Exception {
    Path config =
        Files.writeString(dir.resolve("rf.properties"), "bootstrap.servers=127.0.0.1:1\n");

    Run r = run("status", "--config", config.toString(), "--flink", "jobmanager");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("rateflow status: --flink must be HOST:PORT, got 'jobmanager'");
  }
}

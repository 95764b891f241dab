package io.rateflow.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.Main;
import io.rateflow.job.RatingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerCommandTest {
  @TempDir Path dir;

  @Test
  void startsABrokerAndWritesAConfigTheOtherCommandsRead() throws Exception {
    Path config = dir.resolve("rateflow.properties");
    BrokerCommand broker = new BrokerCommand();
    CommandLine cmd = new CommandLine(broker);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cmd.execute("--write-config", config.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (broker.bootstrapServers() == null || !Files.exists(config)) {
      assertThat(System.nanoTime()).as("broker up within 90 s").isLessThan(deadline);
      assertThat(exit).as("the command ended early").isNotDone();
      Thread.sleep(100);
    }
    RatingConfig rc = RatingConfig.load(config);
    assertThat(rc.bootstrapServers()).isEqualTo(broker.bootstrapServers());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, rc.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
    broker.stop();
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void refusesToOverwriteAnExistingConfig() throws Exception {
    Path config = dir.resolve("rateflow.properties");
    Files.writeString(config, "bootstrap.servers=prod:9092\n");
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine()
            .setErr(new PrintWriter(err))
            .execute("broker", "--write-config", config.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("exists").contains("--overwrite");
    assertThat(Files.readString(config)).isEqualTo("bootstrap.servers=prod:9092\n");
  }
}

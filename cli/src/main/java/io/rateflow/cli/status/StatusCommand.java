package io.rateflow.cli.status;

import io.rateflow.cli.run.RunFile;
import io.rateflow.job.RatingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rateflow status}: what the running job is doing, from Flink's REST API and the broker.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what the running rating job is doing.",
      "From Flink's REST API: the job's state, uptime, restarts, last checkpoint and held events; from the broker:",
      "the consumer group's lag per input topic and the rule versions in force now. Without --flink it asks the",
      "local './rateflow run' of this checkout. Exit code 0 when the job is RUNNING and caught up (total lag at",
      "most --max-lag), 1 when it is not running or Flink does not answer, 3 when it lags or Kafka does not answer."
    })
public final class StatusCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      description = "The rateflow.properties file the job runs with.")
  Path config;

  @Option(
      names = "--flink",
      description = "REST endpoint of the Flink cluster, HOST:PORT (default: the local run's).")
  String flink;

  @Option(
      names = "--job",
      description = "The job id (default: the running job named rateflow-rating).")
  String job;

  @Option(names = "--json", description = "Print the status as one JSON document, for scripts.")
  boolean json;

  @Option(
      names = "--max-lag",
      defaultValue = "1000",
      description =
          "Total records behind that still count as caught up (default ${DEFAULT-VALUE}): offsets are"
              + " committed on checkpoints, so a healthy job is up to one checkpoint interval behind.")
  long maxLag;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      description = "How long to wait for Flink and for Kafka (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    if (maxLag < 0) {
      throw new IllegalArgumentException("--max-lag must be >= 0, got " + maxLag);
    }
    if (flink != null && !flink.matches("[^:\\s]+:\\d+")) {
      throw new IllegalArgumentException("--flink must be HOST:PORT, got '" + flink + "'");
    }
    RatingConfig rc = RatingConfig.load(config);
    Duration wait = RatingConfig.parseDuration(timeout);
    Instant now = Instant.now();
    CompletableFuture<KafkaStatus> kafka =
        CompletableFuture.supplyAsync(() -> KafkaProbe.probe(rc, now, wait));
    FlinkStatus flinkStatus = flink();
    StatusReport report = new StatusReport(now, flinkStatus, kafka.join(), maxLag);
    System.out.print(json ? report.json() + System.lineSeparator() : report.text());
    return report.exitCode();
  }

  private FlinkStatus flink() throws IOException {
    Duration wait = RatingConfig.parseDuration(timeout);
    if (flink != null) {
      return FlinkProbe.probe(FlinkRest.at(flink, wait), flink, job);
    }
    Optional<RunFile> run = RunFile.read();
    if (run.isEmpty()) {
      return FlinkStatus.unreachable(
          "local run",
          "no local './rateflow run' of this checkout: "
              + RunFile.file().toAbsolutePath()
              + " does not exist (for a job on a cluster pass --flink HOST:PORT)");
    }
    long pid = run.get().pid();
    if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return FlinkStatus.unreachable(
          "local run",
          "the local './rateflow run' that wrote "
              + RunFile.file().toAbsolutePath()
              + " (pid "
              + pid
              + ") has ended");
    }
    String address = "127.0.0.1:" + run.get().restPort();
    return FlinkProbe.probe(
        FlinkRest.at(address, wait), address, job != null ? job : run.get().jobId());
  }
}

package io.rateflow.cli;

import io.rateflow.cli.balances.BalancesCommand;
import io.rateflow.cli.bench.BenchCommand;
import io.rateflow.cli.demo.DemoCommand;
import io.rateflow.cli.io.SendCommand;
import io.rateflow.cli.io.TailCommand;
import io.rateflow.cli.kafka.BrokerCommand;
import io.rateflow.cli.ledger.ReconcileCommand;
import io.rateflow.cli.offline.RateCommand;
import io.rateflow.cli.offline.SimulateCommand;
import io.rateflow.cli.rules.RulesCommand;
import io.rateflow.cli.run.RunCommand;
import io.rateflow.cli.run.StopCommand;
import io.rateflow.cli.soak.SoakCommand;
import io.rateflow.cli.status.StatusCommand;
import io.rateflow.cli.topics.TopicsCommand;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rateflow}: every command a Rateflow user runs. */
@Command(
    name = "rateflow",
    mixinStandardHelpOptions = true,
    version = "Rateflow 0.1.0",
    description = "Real-time usage rating and charging on Apache Flink.",
    // in the order a newcomer uses them
    subcommands = {
      DemoCommand.class,
      BrokerCommand.class,
      TopicsCommand.class,
      SendCommand.class,
      RunCommand.class,
      StatusCommand.class,
      TailCommand.class,
      StopCommand.class,
      RulesCommand.class,
      RateCommand.class,
      SimulateCommand.class,
      ReconcileCommand.class,
      BalancesCommand.class,
      BenchCommand.class,
      SoakCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // Flink and Kafka leave non-daemon threads behind; the launcher's work is done.
    System.exit(code);
  }

  /**
   * The command line with its error handling, as {@link #main} runs it (tests run it the same way).
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::userError);
  }

  /**
   * A mistake in what the user gave (a configuration value, a file that is not there) is one line
   * naming the command, exit code 2; anything else is a defect and keeps its stack trace.
   */
  static int userError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof NoSuchFileException) {
      String what =
          e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
      cmd.getErr().println("rateflow " + cmd.getCommandName() + ": " + what);
      return 2;
    }
    throw e;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

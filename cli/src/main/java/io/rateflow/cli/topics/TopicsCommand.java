package io.rateflow.cli.topics;

import picocli.CommandLine.Command;

/** {@code ./rateflow topics}: the job's topics on a user's Kafka. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Creates the topics the job reads and writes, as k8s/topics.yaml defines them.",
    subcommands = {CreateTopicsCommand.class})
public final class TopicsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

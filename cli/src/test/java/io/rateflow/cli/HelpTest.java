package io.rateflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command lists of {@code --help} show each command's first description line only: that line
 * must be a whole sentence, and every subcommand must be listed.
 */
class HelpTest {
  /** The rendered {@code --help} of the command at {@code path} (e.g. {@code rules}). */
  private static String help(String... path) {
    StringWriter out = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out));
    String[] args = new String[path.length + 1];
    System.arraycopy(path, 0, args, 0, path.length);
    args[path.length] = "--help";
    assertThat(cmd.execute(args)).isZero();
    return out.toString();
  }

  /** The "Commands:" section as name → description, wrapped lines joined. */
  private static Map<String, String> listed(String help) {
    Map<String, String> commands = new LinkedHashMap<>();
    String current = null;
    boolean inCommands = false;
    for (String line : help.split("\\R")) {
      if (line.equals("Commands:")) {
        inCommands = true;
        continue;
      }
      if (!inCommands || line.isBlank()) {
        continue;
      }
      if (line.matches("  \\S.*")) {
        String[] parts = line.trim().split("\\s{2,}", 2);
        current = parts[0];
        commands.put(current, parts.length > 1 ? parts[1].trim() : "");
      } else if (current != null) {
        commands.merge(current, line.trim(), (a, b) -> (a + " " + b).trim());
      }
    }
    return commands;
  }

  @Test
  void everyListedCommandHasAWholeSentenceAndEverySubcommandIsListed() {
    CommandLine root = Main.commandLine();
    check(root, List.of());
  }

  private static void check(CommandLine cmd, List<String> path) {
    if (cmd.getSubcommands().isEmpty()) {
      return;
    }
    String help = help(path.toArray(String[]::new));
    Map<String, String> listed = listed(help);
    assertThat(listed.keySet())
        .as("commands listed by '%s --help'", String.join(" ", path))
        .containsExactlyInAnyOrderElementsOf(cmd.getSubcommands().keySet());
    listed.forEach(
        (name, description) ->
            assertThat(description)
                .as("'%s' in the list of '%s --help'", name, String.join(" ", path))
                .isNotBlank()
                .endsWith("."));
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> next = new java.util.ArrayList<>(path);
              next.add(name);
              check(sub, next);
            });
  }

  @Test
  void theRootHelpListsTheCommandsWithTheirSentences() {
    assertThat(listed(help()))
        .containsEntry("run", "Runs the rating job against an existing Kafka cluster.")
        .containsEntry("status", "Shows what the running rating job is doing.");
    assertThat(listed(help("rules")))
        .containsEntry("validate", "Checks rule files and exits 1 if any is invalid.");
  }
}

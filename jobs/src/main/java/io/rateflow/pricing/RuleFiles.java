package io.rateflow.pricing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and parses rule documents on disk (the demo's catalogue, the CLI's publish and validate).
 */
public final class RuleFiles {
  private RuleFiles() {}

  /** The rule documents (*.yaml, *.yml, *.json) directly in {@code dir}, sorted by name. */
  public static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list rule documents in " + dir, e);
    }
  }

  /** Parses one file; problems are prefixed with its file name. */
  public static RuleSet parse(Path file) throws IOException, RuleValidationException {
    return RuleParser.parse(
        Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
  }

  /** Parses every rule document of {@code dir}, reporting the problems of all files together. */
  public static List<RuleSet> parseAll(Path dir) throws IOException, RuleValidationException {
    List<RuleSet> ruleSets = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : list(dir)) {
      try {
        ruleSets.add(parse(file));
      } catch (RuleValidationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return ruleSets;
  }
}

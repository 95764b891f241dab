package io.rateflow.bench;

import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.pricing.RuleFiles;
import io.rateflow.pricing.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo catalogue ({@code pricing-rules/examples}) and chart of accounts ({@code
 * pricing-rules/chart-of-accounts}), found from the working directory upwards.
 */
final class Catalogue {
  private Catalogue() {}

  /** Every rule set of the demo catalogue, parsed. */
  static List<RuleSet> all() {
    try {
      return RuleFiles.parseAll(dir());
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot parse the demo catalogue in " + dir() + ": " + e.getMessage(), e);
    }
  }

  /** One rule set of the catalogue by id, e.g. {@code public-usd}. */
  static RuleSet byId(String id) {
    return all().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no rule set " + id + " in " + dir()));
  }

  /**
   * The demo's chart of accounts ({@code rateflow-gl}: a US, a German and a Japanese entity),
   * parsed.
   */
  static ChartOfAccounts chartOfAccounts() {
    Path file = dir().resolveSibling("chart-of-accounts").resolve("rateflow-gl.yaml");
    try {
      return ChartOfAccountsParser.parse(file);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot parse the demo chart of accounts " + file + ": " + e.getMessage(), e);
    }
  }

  // JMH forks keep the working directory, and -Drateflow.home (set by ./rateflow) points at the
  // checkout.
  static Path dir() {
    String home = System.getProperty("rateflow.home");
    Path start = home != null ? Path.of(home).toAbsolutePath() : Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("pricing-rules/examples"))) {
        return d.resolve("pricing-rules/examples");
      }
    }
    throw new IllegalStateException(
        "no pricing-rules/examples directory at or above "
            + start
            + "; run the benchmarks from the Rateflow checkout or pass -Drateflow.home=<checkout>");
  }
}

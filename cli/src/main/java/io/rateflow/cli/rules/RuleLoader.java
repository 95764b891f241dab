package io.rateflow.cli.rules;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.balances.promotions.PromotionDocumentException;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ChartValidationException;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.RuleValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads and validates rule documents from files, as the records the job reads. */
public final class RuleLoader {
  private RuleLoader() {}

  /** A validated rule set with the record that publishes it. */
  public record Loaded(Path file, RuleSet ruleSet, PricingRule record) {}

  /** Every .yaml/.yml/.json file under a directory (not recursing), or the file itself, sorted. */
  public static List<Path> list(Path path) {
    return list(path, false);
  }

  /** As {@link #list(Path)}, in subdirectories too when {@code recursive}. */
  static List<Path> list(Path path, boolean recursive) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = recursive ? Files.walk(path) : Files.list(path)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Validates every rule set under {@code path} (subdirectories too, as {@code rules validate}
   * reads them; JSON Schemas, promotion documents and charts of accounts are not rule sets and are
   * left out); all problems of all files are collected, so one run shows everything to fix. Throws
   * when any file is invalid: an invalid set publishes nothing.
   */
  public static List<Loaded> load(Path path, String publishedBy) throws RuleValidationException {
    List<Loaded> loaded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : list(path, true)) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        problems.add(file + ": cannot read: " + e.getMessage());
        continue;
      }
      if (DocumentKind.of(file, text) != DocumentKind.RULE_SET) {
        continue;
      }
      try {
        RuleSet rs = RuleParser.parse(text, file.toString());
        PricingRule record =
            PricingRule.newBuilder()
                .setKind(RuleKind.PRICING)
                .setRuleSetId(rs.id())
                .setVersion(rs.version())
                .setEffectiveFrom(rs.effectiveFrom())
                .setDocument(text)
                .setSourceName(file.getFileName().toString())
                .setPublishedAt(Instant.now())
                .setPublishedBy(publishedBy)
                .build();
        loaded.add(new Loaded(file, rs, record));
      } catch (RuleValidationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return loaded;
  }

  /**
   * Promotion documents (see pricing-rules/promotions), one record per file: the file name is the
   * document id, and its version is given (bump it when the file changes).
   */
  public static List<PricingRule> loadPromotions(Path path, long version, String publishedBy)
      throws RuleValidationException {
    return read(
        path,
        publishedBy,
        (file, text) -> {
          try {
            PromotionDocuments.parse(file.toString(), text);
          } catch (PromotionDocumentException e) {
            throw new RuleValidationException(e.problems());
          }
          String name = file.getFileName().toString();
          return new Header(
              RuleKind.PROMOTION, name.substring(0, name.lastIndexOf('.')), version, Instant.EPOCH);
        });
  }

  /**
   * Chart-of-accounts documents (see pricing-rules/chart-of-accounts), validated, as rule records.
   */
  public static List<PricingRule> loadCharts(Path path, String publishedBy)
      throws RuleValidationException {
    return read(
        path,
        publishedBy,
        (file, text) -> {
          try {
            ChartOfAccounts chart = ChartOfAccountsParser.parse(file.toString(), text);
            return new Header(
                RuleKind.CHART_OF_ACCOUNTS, chart.id(), chart.version(), chart.effectiveFrom());
          } catch (ChartValidationException e) {
            throw new RuleValidationException(e.problems());
          }
        });
  }

  /** What identifies a configuration document on the topic. */
  private record Header(RuleKind kind, String id, long version, Instant effectiveFrom) {}

  /** Validates one document and says what it is. */
  private interface Reader {
    Header read(Path file, String text) throws RuleValidationException;
  }

  /** Reads every file, collecting all problems; nothing is returned unless every file is valid. */
  private static List<PricingRule> read(Path path, String publishedBy, Reader reader)
      throws RuleValidationException {
    List<PricingRule> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : list(path)) {
      try {
        String text = Files.readString(file);
        Header h = reader.read(file, text);
        out.add(
            PricingRule.newBuilder()
                .setKind(h.kind())
                .setRuleSetId(h.id())
                .setVersion(h.version())
                .setEffectiveFrom(h.effectiveFrom())
                .setDocument(text)
                .setSourceName(file.getFileName().toString())
                .setPublishedAt(Instant.now())
                .setPublishedBy(publishedBy)
                .build());
      } catch (RuleValidationException e) {
        problems.addAll(e.problems());
      } catch (IOException e) {
        problems.add(file + ": cannot read: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return out;
  }

  /**
   * The Kafka key of a rule record: kind and id, so all versions of a rule set share a partition.
   */
  public static String key(PricingRule r) {
    return r.getKind() + "/" + r.getRuleSetId();
  }
}

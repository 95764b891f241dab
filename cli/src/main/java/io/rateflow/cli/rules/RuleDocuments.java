package io.rateflow.cli.rules;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.balances.promotions.PromotionDocumentException;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.balances.promotions.PromotionRule;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ChartValidationException;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.RuleValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The documents of a rules directory and its subdirectories (rule sets, promotion documents, charts
 * of accounts), each recognised ({@link DocumentKind}) and validated by its own parser, as {@code
 * rules validate} and {@code rules publish} see them.
 */
public final class RuleDocuments {
  private RuleDocuments() {}

  /**
   * Every .yaml/.yml/.json file under a directory and its subdirectories, or the file itself,
   * sorted.
   */
  public static List<Path> list(Path path) {
    return RuleLoader.list(path, true);
  }

  /** Every document under {@code path}, valid or not; never throws for a bad document. */
  public static List<RuleDocument> read(Path path, String publishedBy) {
    return list(path).stream().map(f -> read(f, publishedBy, Instant.now())).toList();
  }

  static RuleDocument read(Path file, String publishedBy, Instant now) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return new RuleDocument(
          file,
          DocumentKind.RULE_SET,
          List.of(),
          "",
          List.of(file + ": cannot read: " + e.getMessage()));
    }
    DocumentKind kind = DocumentKind.of(file, text);
    String name = file.getFileName().toString();
    switch (kind) {
      case JSON_SCHEMA -> {
        return new RuleDocument(
            file,
            kind,
            List.of(),
            "describes rule sets for editors; not a document, not published",
            List.of());
      }
      case RULE_SET -> {
        try {
          RuleSet rs = RuleParser.parse(text, file.toString());
          return new RuleDocument(
              file,
              kind,
              List.of(
                  record(
                      RuleKind.PRICING,
                      rs.id(),
                      rs.version(),
                      rs.effectiveFrom(),
                      text,
                      name,
                      publishedBy,
                      now)),
              String.format(
                      "%s v%d, %s, effective %s, meters %s",
                      rs.id(), rs.version(), rs.currency(), rs.effectiveFrom(), rs.meters())
                  + (rs.feeItems().isEmpty() ? "" : ", fees " + rs.feeItems())
                  + (rs.hasMinimumSpend() ? ", minimum spend" : ""),
              List.of());
        } catch (RuleValidationException e) {
          return new RuleDocument(file, kind, List.of(), "", e.problems());
        }
      }
      case PROMOTIONS -> {
        try {
          List<PromotionRule> rules = PromotionDocuments.parse(file.toString(), text);
          // The file name is the document's id; its version is chosen when publishing.
          String id = name.substring(0, name.lastIndexOf('.'));
          return new RuleDocument(
              file,
              kind,
              List.of(
                  record(RuleKind.PROMOTION, id, 1, Instant.EPOCH, text, name, publishedBy, now)),
              String.format(
                  "%s, %d promotion(s): %s",
                  id,
                  rules.size(),
                  rules.stream().map(PromotionRule::id).collect(Collectors.joining(", "))),
              List.of());
        } catch (PromotionDocumentException e) {
          return new RuleDocument(file, kind, List.of(), "", e.problems());
        }
      }
      default -> {
        try {
          ChartOfAccounts chart = ChartOfAccountsParser.parse(file.toString(), text);
          return new RuleDocument(
              file,
              kind,
              List.of(
                  record(
                      RuleKind.CHART_OF_ACCOUNTS,
                      chart.id(),
                      chart.version(),
                      chart.effectiveFrom(),
                      text,
                      name,
                      publishedBy,
                      now)),
              String.format(
                  "%s v%d, effective %s", chart.id(), chart.version(), chart.effectiveFrom()),
              List.of());
        } catch (ChartValidationException e) {
          return new RuleDocument(file, kind, List.of(), "", e.problems());
        }
      }
    }
  }

  private static PricingRule record(
      RuleKind kind,
      String id,
      long version,
      Instant effectiveFrom,
      String text,
      String sourceName,
      String publishedBy,
      Instant now) {
    return PricingRule.newBuilder()
        .setKind(kind)
        .setRuleSetId(id)
        .setVersion(version)
        .setEffectiveFrom(effectiveFrom)
        .setDocument(text)
        .setSourceName(sourceName)
        .setPublishedAt(now)
        .setPublishedBy(publishedBy)
        .build();
  }
}

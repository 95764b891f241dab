package io.rateflow.cli.rules;

import io.rateflow.avro.RuleKind;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The kinds of file a rules directory holds, told apart by their top-level keys: each is validated
 * by its own parser, and only the kinds the rules topic carries are published.
 */
public enum DocumentKind {
  RULE_SET("rule set", RuleKind.PRICING),
  PROMOTIONS("promotions", RuleKind.PROMOTION),
  CHART_OF_ACCOUNTS("chart of accounts", RuleKind.CHART_OF_ACCOUNTS),
  /** The rule set's JSON Schema, for editors: describes documents, is none. */
  JSON_SCHEMA("JSON Schema", null);

  private static final Pattern TOP_LEVEL_KEY =
      Pattern.compile("(?m)^[\"']?([A-Za-z_$][\\w$-]*)[\"']?\\s*:");

  private final String label;
  private final RuleKind topicKind;

  DocumentKind(String label, RuleKind topicKind) {
    this.label = label;
    this.topicKind = topicKind;
  }

  /** How the kind is named to users. */
  public String label() {
    return label;
  }

  /**
   * The kind of record that carries it on the rules topic; {@code null} when the topic carries
   * none.
   */
  public RuleKind topicKind() {
    return topicKind;
  }

  /**
   * What {@code text} is. Anything not recognised as another kind is a rule set, so that a broken
   * rule set is reported with the rule set's own problems.
   */
  public static DocumentKind of(Path file, String text) {
    Set<String> keys = topLevelKeys(text);
    if (file.getFileName().toString().endsWith(".schema.json") || keys.contains("$schema")) {
      return JSON_SCHEMA;
    }
    if (keys.contains("legal_entities")
        || keys.contains("default_legal_entity")
        || (keys.contains("accounts") && !keys.contains("meters"))) {
      return CHART_OF_ACCOUNTS;
    }
    if (keys.contains("promotions") && !keys.contains("meters") && !keys.contains("currency")) {
      return PROMOTIONS;
    }
    return RULE_SET;
  }

  /**
   * The document's top-level keys; from the lines that start with a key when it is not valid YAML.
   */
  private static Set<String> topLevelKeys(String text) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(10);
      options.setCodePointLimit(1 << 20);
      options.setAllowDuplicateKeys(
          false); // else SnakeYAML logs a warning; the parser reports duplicates
      Object root = new Yaml(new SafeConstructor(options)).load(text);
      if (root instanceof Map<?, ?> m) {
        Set<String> keys = new LinkedHashSet<>();
        m.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
      }
    } catch (RuntimeException e) {
      // a syntax error: the line-based guess below; the document's parser reports the error
    }
    Set<String> keys = new LinkedHashSet<>();
    Matcher m = TOP_LEVEL_KEY.matcher(text);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }
}

package io.rateflow.balances.promotions;

import io.rateflow.yaml.YamlMap;
import io.rateflow.yaml.YamlProblems;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads promotion documents (YAML) and validates them completely, reporting every problem as {@code
 * file:line: reason} so an author can fix a document in one pass. The YAML is only composed into
 * nodes (never constructed into objects), which keeps the line of every value and runs no custom
 * tags.
 *
 * <p>Format: see {@code docs/balances.md} and the examples in {@code pricing-rules/promotions/}.
 */
public final class PromotionDocuments {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final List<String> RULE_KEYS =
      List.of(
          "id",
          "description",
          "when",
          "meter",
          "threshold",
          "minTopUpMinor",
          "currency",
          "validFrom",
          "validUntil",
          "grant",
          "offer");
  private static final List<String> GRANT_KEYS =
      List.of("amountMinor", "percentOfTopUp", "priority", "expiresAfter");
  private static final List<String> OFFER_KEYS = List.of("coupon", "message");
  private static final List<PromotionTrigger> TRIGGERS = Arrays.asList(PromotionTrigger.values());
  private static final int DEFAULT_PRIORITY = 50;

  private PromotionDocuments() {}

  /** Parses every {@code *.yaml} file in {@code dir} (sorted by name) into one book. */
  public static PromotionBook loadDirectory(Path dir)
      throws IOException, PromotionDocumentException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> problems = new ArrayList<>();
    List<PromotionRule> rules = new ArrayList<>();
    for (Path f : files) {
      try {
        rules.addAll(
            parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
      } catch (PromotionDocumentException e) {
        problems.addAll(e.problems());
      }
    }
    problems.addAll(duplicateIds(rules));
    if (!problems.isEmpty()) {
      throw new PromotionDocumentException(problems);
    }
    return new PromotionBook(rules);
  }

  /**
   * Parses one document.
   *
   * @param file name used in messages (e.g. {@code welcome.yaml})
   * @throws PromotionDocumentException with every problem found
   */
  public static List<PromotionRule> parse(String file, String yaml)
      throws PromotionDocumentException {
    try {
      return read(file, yaml);
    } catch (PromotionDocumentException e) {
      throw e;
    } catch (Throwable e) {
      throw new PromotionDocumentException(
          List.of(
              YamlProblems.unreadable(
                  file, "promotion document", e, "check it against docs/balances.md")));
    }
  }

  private static List<PromotionRule> read(String file, String yaml)
      throws PromotionDocumentException {
    Reader r = new Reader(file);
    Node root = r.problems.compose(yaml, "promotion document");
    List<PromotionRule> rules = new ArrayList<>();
    if (root == null && r.problems.isEmpty()) {
      r.problems.atLine(1, "empty document; expected a top-level 'promotions:' list");
    }
    YamlMap top =
        root == null ? null : YamlMap.read(root, root, "", r.problems, List.of("promotions"));
    // An empty list is a document with every promotion switched off, not a mistake.
    boolean none =
        top != null
            && top.value("promotions") instanceof SequenceNode seq
            && seq.getValue().isEmpty();
    if (top != null
        && top.require("promotions", "the list of promotion rules ('- id: ...')")
        && !none) {
      for (YamlMap rule :
          top.mappings("promotions", "rules ('- id: ...')", "promotion", RULE_KEYS)) {
        PromotionRule parsed = r.rule(rule);
        if (parsed != null) {
          rules.add(parsed);
        }
      }
    }
    if (!r.problems.isEmpty()) {
      throw new PromotionDocumentException(r.problems.messages());
    }
    return rules;
  }

  private static List<String> duplicateIds(List<PromotionRule> rules) {
    List<String> problems = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (PromotionRule rule : rules) {
      String first = seen.putIfAbsent(rule.id(), rule.location());
      if (first != null) {
        problems.add(
            rule.location()
                + ": duplicate promotion id '"
                + rule.id()
                + "' (first defined at "
                + first
                + "); ids must be unique because they name the grants and offers");
      }
    }
    return problems;
  }

  /** Reads the rules of one file, collecting its problems. */
  private static final class Reader {
    private final String file;
    private final YamlProblems problems;
    private final Map<String, Integer> idLines = new HashMap<>();

    Reader(String file) {
      this.file = file;
      this.problems = new YamlProblems(file);
    }

    PromotionRule rule(YamlMap m) {
      int before = problems.count();
      m.require("id", "every rule needs a unique id");
      m.require("when", "one of first-use, top-up, usage-above");
      String id = m.string("id", false);
      if (id != null && !ID.matcher(id).matches()) {
        m.problem(
            m.value("id"), "id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
      }
      if (id != null) {
        int line = YamlProblems.line(m.value("id"));
        Integer first = idLines.putIfAbsent(id, line);
        if (first != null) {
          m.problem(
              m.value("id"),
              "duplicate promotion id '"
                  + id
                  + "' (first defined at "
                  + file
                  + ":"
                  + first
                  + "); ids must be unique because they name the grants and offers");
        }
      }
      PromotionTrigger trigger =
          m.choice("when", false, "trigger", TRIGGERS, PromotionTrigger::yamlName);
      String meter = m.string("meter", false);
      BigDecimal threshold = null;
      Long minTopUp = null;
      if (trigger == PromotionTrigger.FIRST_USE) {
        m.require("meter", "a first-use rule names the meter (product)");
        m.forbid("threshold", "only usage-above rules have a threshold");
        m.forbid("minTopUpMinor", "only top-up rules have a minimum top-up");
      } else if (trigger == PromotionTrigger.USAGE_ABOVE) {
        m.require("meter", "a usage-above rule names the meter it counts");
        m.require("threshold", "the usage in a period above which the rule fires");
        m.forbid("minTopUpMinor", "only top-up rules have a minimum top-up");
        threshold = m.nonNegative("threshold", false);
      } else if (trigger == PromotionTrigger.TOP_UP) {
        m.require("minTopUpMinor", "the smallest top-up, in minor units, that earns the bonus");
        m.require("currency", "the currency of the top-up and the bonus");
        m.forbid("meter", "a top-up rule is not about a meter");
        m.forbid("threshold", "only usage-above rules have a threshold");
        minTopUp = m.minorUnits("minTopUpMinor", false, 1);
      }
      Currency currency = m.currency("currency", false);
      Instant from = m.instant("validFrom", false);
      Instant until = m.instant("validUntil", false);
      if (from != null && until != null && !until.isAfter(from)) {
        m.problem(
            m.value("validUntil"), "validUntil " + until + " must be after validFrom " + from);
      }
      if (!m.has("grant") && !m.has("offer")) {
        m.problem(m.anchor(), "a rule needs a grant, an offer or both");
      }
      GrantSpec grant = null;
      if (m.has("grant")) {
        if (trigger != PromotionTrigger.TOP_UP) {
          m.require("currency", "a rule that grants credit names its currency");
        }
        grant = grant(m.map("grant", m.where() + " grant", GRANT_KEYS), trigger);
      }
      YamlMap o = m.map("offer", m.where() + " offer", OFFER_KEYS);
      OfferSpec offer = o == null ? null : offer(o);
      if (m.hasProblems() || problems.count() > before) {
        return null;
      }
      return new PromotionRule(
          id,
          file + ":" + m.line(),
          trigger,
          meter,
          threshold,
          minTopUp == null ? 0 : minTopUp,
          currency,
          grant,
          offer,
          from,
          until);
    }

    GrantSpec grant(YamlMap g, PromotionTrigger trigger) {
      if (g == null) {
        return null;
      }
      boolean fixed = g.written("amountMinor");
      boolean percent = g.written("percentOfTopUp");
      if (fixed == percent) {
        g.problem(g.anchor(), "give exactly one of amountMinor or percentOfTopUp");
      }
      if (percent && trigger != null && trigger != PromotionTrigger.TOP_UP) {
        g.problem(
            g.keyNode("percentOfTopUp"),
            "percentOfTopUp only makes sense for a top-up rule;" + " use amountMinor");
      }
      Long amount = fixed ? g.minorUnits("amountMinor", true, 1) : Long.valueOf(0);
      Long pct = percent ? g.integer("percentOfTopUp", true, 1) : Long.valueOf(0);
      if (pct != null && pct > 100) {
        g.problem(g.value("percentOfTopUp"), "percentOfTopUp must be 1..100, got " + pct);
      }
      Long priority =
          g.written("priority") ? g.integer("priority", true, 0) : Long.valueOf(DEFAULT_PRIORITY);
      if (priority != null && priority > Integer.MAX_VALUE) {
        g.problem(
            g.value("priority"),
            "priority must be at most " + Integer.MAX_VALUE + ", got " + priority);
      }
      Duration expires = g.duration("expiresAfter", false);
      if (amount == null || pct == null || priority == null || priority > Integer.MAX_VALUE) {
        return null;
      }
      return new GrantSpec(amount, pct.intValue(), priority.intValue(), expires);
    }

    OfferSpec offer(YamlMap o) {
      o.require("coupon", "the coupon code to offer");
      return new OfferSpec(o.string("coupon", false), o.string("message", false));
    }
  }
}

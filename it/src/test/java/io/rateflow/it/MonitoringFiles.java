package io.rateflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL expressions of k8s/monitoring (the Grafana dashboard and the PrometheusRule alerts)
 * and the metric names they use, parsed from the files: the test never lists them again by hand.
 */
final class MonitoringFiles {
  /**
   * PromQL keywords that are not metric names (functions and aggregations are told by their
   * parenthesis).
   */
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*\\}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

  /** One alert rule: its name, expression, and the labels and annotations it carries. */
  record Alert(
      String name, String expr, Map<String, Object> labels, Map<String, Object> annotations) {}

  static Path directory() {
    Path p = Path.of("k8s/monitoring");
    return Files.isDirectory(p) ? p : Path.of("../k8s/monitoring");
  }

  /**
   * Every file of k8s/monitoring as parsed YAML (JSON is YAML): fails on a file that does not
   * parse.
   */
  static Map<Path, Object> parsed() throws IOException {
    Map<Path, Object> out = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(directory())) {
      for (Path f : files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).toList()) {
        List<Object> docs = new ArrayList<>();
        new Yaml(new LoaderOptions()).loadAll(Files.readString(f)).forEach(docs::add);
        out.put(f, docs.size() == 1 ? docs.get(0) : docs);
      }
    }
    return out;
  }

  /** The alert rules of every PrometheusRule manifest. */
  @SuppressWarnings("unchecked")
  static List<Alert> alerts() throws IOException {
    List<Alert> alerts = new ArrayList<>();
    for (Object doc : parsed().values()) {
      if (doc instanceof Map<?, ?> m && "PrometheusRule".equals(m.get("kind"))) {
        Map<String, Object> spec = (Map<String, Object>) m.get("spec");
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
          for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
            alerts.add(
                new Alert(
                    (String) rule.get("alert"),
                    String.valueOf(rule.get("expr")),
                    (Map<String, Object>) rule.getOrDefault("labels", Map.of()),
                    (Map<String, Object>) rule.getOrDefault("annotations", Map.of())));
          }
        }
      }
    }
    return alerts;
  }

  /**
   * Every PromQL expression in the files: alert rules' and dashboard targets' "expr", templating
   * queries.
   */
  static List<String> expressions() throws IOException {
    List<String> out = new ArrayList<>();
    for (Object doc : parsed().values()) {
      collect(doc, out);
    }
    return out;
  }

  private static void collect(Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() instanceof String s
            && ("expr".equals(e.getKey())
                || ("query".equals(e.getKey()) && s.contains("label_values(")))) {
          out.add(s);
        } else {
          collect(e.getValue(), out);
        }
      }
    } else if (node instanceof List<?> l) {
      l.forEach(n -> collect(n, out));
    }
  }

  /** The metric names one PromQL expression selects. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher lv = LABEL_VALUES.matcher(expr);
    while (lv.find()) {
      names.add(lv.group(1));
    }
    String e = LABEL_VALUES.matcher(expr).replaceAll(" ");
    e = STRING.matcher(e).replaceAll(" ");
    e = MATCHERS.matcher(e).replaceAll(" ");
    e = RANGE.matcher(e).replaceAll(" ");
    e = GROUPING.matcher(e).replaceAll(" ");
    e = VARIABLE.matcher(e).replaceAll(" ");
    Matcher m = IDENTIFIER.matcher(e);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUP_LABELS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

  /** The label names one PromQL expression matches on or groups by. */
  static Set<String> labelNames(String expr) {
    Set<String> labels = new TreeSet<>();
    String e = STRING.matcher(LABEL_VALUES.matcher(expr).replaceAll(" ")).replaceAll("\"\"");
    Matcher block = MATCHERS.matcher(e);
    while (block.find()) {
      Matcher l = MATCHER_LABEL.matcher(block.group());
      while (l.find()) {
        labels.add(l.group(1));
      }
    }
    Matcher g = GROUP_LABELS.matcher(e);
    while (g.find()) {
      for (String l : g.group(1).split(",")) {
        if (!l.isBlank()) {
          labels.add(l.trim());
        }
      }
    }
    return labels;
  }

  /** Every metric name the files use. */
  static Set<String> metricNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String expr : expressions()) {
      names.addAll(metricNames(expr));
    }
    return names;
  }
}

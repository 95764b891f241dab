package io.rateflow.yaml;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a configuration document, read key by key into typed values. Every problem
 * goes to {@link YamlProblems} at the line of the value (or of the mapping, for a missing key) as
 * {@code "path: what is wrong, what to do"}: unknown keys (with the closest allowed one, as most
 * are typos), duplicate keys, missing keys and malformed values. A getter returns null when the
 * value is absent or invalid, so a reader goes on and reports everything in one round.
 *
 * <p>It reads composed nodes, never constructed objects: the nodes keep their lines, scalars keep
 * their text as written (an account code {@code 0120} stays {@code "0120"}, not the octal 80), and
 * no custom tag runs.
 */
public final class YamlMap {
  /** Decimals are bounded so that a mistyped exponent (1e-999999) cannot make pricing crawl. */
  public static final int MAX_DECIMALS = 12;

  public static final int MAX_INTEGER_DIGITS = 18;

  private final Node anchor;
  private final String where;
  private final YamlProblems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private int reported;

  private YamlMap(
      MappingNode node,
      Node anchor,
      String where,
      YamlProblems problems,
      Collection<String> allowed) {
    this.anchor = anchor;
    this.where = where;
    this.problems = problems;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        problem(tuple.getKeyNode(), "keys must be plain names");
        continue;
      }
      String key = keyNode.getValue();
      if (entries.containsKey(key)) {
        problem(keyNode, "duplicate key '" + key + "'");
      } else if (allowed != null && !allowed.contains(key)) {
        problem(keyNode, "unknown key '" + key + "'" + suggestion(key, allowed));
      } else {
        entries.put(key, tuple);
      }
    }
  }

  /**
   * Reads {@code value} as a mapping, or reports that it is not one and returns null.
   *
   * @param anchor where problems about the mapping as a whole (a missing key) are reported, usually
   *     the line naming it; {@code value} when null
   * @param where the path of the mapping in the document ("meter 'api_calls'", "promotion 2"),
   *     prefixed to every problem; empty for the document itself
   * @param allowed the keys it may have; null for any
   */
  public static YamlMap read(
      Node anchor, Node value, String where, YamlProblems problems, Collection<String> allowed) {
    if (!(value instanceof MappingNode mapping)) {
      problems.at(
          value == null ? anchor : value, prefix(where) + "expected a mapping of keys to values");
      return null;
    }
    return new YamlMap(mapping, anchor == null ? value : anchor, where, problems, allowed);
  }

  /** The mapping under {@code key} (see {@link #read}), or null when absent or not a mapping. */
  public YamlMap map(String key, String where, Collection<String> allowed) {
    return has(key) ? read(keyNode(key), value(key), where, problems, allowed) : null;
  }

  /**
   * The mappings listed under the required {@code key}, each read with the path {@code itemWhere
   * N}; reports a missing or empty list as not being a non-empty list of {@code shape}.
   */
  public List<YamlMap> mappings(
      String key, String shape, String itemWhere, Collection<String> allowed) {
    Node value = value(key);
    if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      problem(value == null ? keyNode(key) : value, key + " must be a non-empty list of " + shape);
      return List.of();
    }
    List<YamlMap> maps = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      YamlMap map = read(item, item, itemWhere + " " + (i + 1), problems, allowed);
      if (map != null) {
        maps.add(map);
      }
    }
    return maps;
  }

  public String where() {
    return where;
  }

  /** The node this mapping's problems are reported at: the mapping, or the line naming it. */
  public Node anchor() {
    return anchor;
  }

  /** The line of {@link #anchor()}. */
  public int line() {
    return YamlProblems.line(anchor);
  }

  public Set<String> keys() {
    return entries.keySet();
  }

  /** Whether {@code key} has a value (not absent, not null as in {@code key: ~}). */
  public boolean has(String key) {
    return value(key) != null;
  }

  /** Whether {@code key} is written at all, even with a null value. */
  public boolean written(String key) {
    return entries.containsKey(key);
  }

  /** The node naming {@code key}, for messages about the whole entry; the anchor when absent. */
  public Node keyNode(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? anchor : tuple.getKeyNode();
  }

  /** The value of {@code key}, or null when absent or null ({@code ~}, empty). */
  public Node value(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return null;
    }
    Node value = tuple.getValueNode();
    return value instanceof ScalarNode && Tag.NULL.equals(value.getTag()) ? null : value;
  }

  /** The value of {@code key} when written, else its key: where a problem about it belongs. */
  public Node at(String key) {
    Node value = value(key);
    return value != null ? value : keyNode(key);
  }

  /** Reports {@code reason} at {@code node}, prefixed with this mapping's path. */
  public void problem(Node node, String reason) {
    reported++;
    problems.at(node, prefix(where) + reason);
  }

  /**
   * Whether a problem was reported about this mapping itself (its keys and values, not the mappings
   * read from it): a reader skips the checks that would only follow from it.
   */
  public boolean hasProblems() {
    return reported > 0;
  }

  /** Whether {@code key} has a value; reports it missing otherwise. */
  public boolean require(String key) {
    return require(key, null);
  }

  /**
   * Whether {@code key} has a value; reports it missing otherwise, with {@code why} it is needed.
   */
  public boolean require(String key, String why) {
    if (has(key)) {
      return true;
    }
    problem(anchor, "missing required key '" + key + "'" + (why == null ? "" : ": " + why));
    return false;
  }

  /** Reports {@code key} when written: it does not belong in this mapping, because {@code why}. */
  public void forbid(String key, String why) {
    if (written(key)) {
      problem(keyNode(key), key + " is not allowed here: " + why);
    }
  }

  private Node required(String key, boolean required) {
    Node value = value(key);
    if (value == null && required) {
      require(key);
    }
    return value;
  }

  private String scalar(String key, Node value) {
    if (value instanceof ScalarNode scalar) {
      return scalar.getValue().trim();
    }
    problem(value, key + " must be a single value, not a list or mapping");
    return null;
  }

  /** A single value as written, possibly empty; null when absent or not a single value. */
  public String text(String key, boolean required) {
    Node value = required(key, required);
    return value == null ? null : scalar(key, value);
  }

  /** A non-empty single value. */
  public String string(String key, boolean required) {
    String text = text(key, required);
    if (text != null && text.isEmpty()) {
      problem(value(key), key + " must not be empty");
      return null;
    }
    return text;
  }

  public BigDecimal decimal(String key, boolean required) {
    String text = text(key, required);
    BigDecimal d = parsed(key, text, BigDecimal::new, "is not a decimal number");
    return refuse(
        key,
        d,
        d != null && (d.scale() > MAX_DECIMALS || d.precision() - d.scale() > MAX_INTEGER_DIGITS),
        key
            + " "
            + text
            + " is out of range: at most "
            + MAX_INTEGER_DIGITS
            + " integer digits and "
            + MAX_DECIMALS
            + " decimals");
  }

  /** A decimal that must be ≥ 0 (prices, fees, quantities). */
  public BigDecimal nonNegative(String key, boolean required) {
    BigDecimal d = decimal(key, required);
    return refuse(
        key,
        d,
        d != null && d.signum() < 0,
        d == null ? null : key + " must not be negative, got " + d.toPlainString());
  }

  /** A decimal that must be > 0. */
  public BigDecimal positive(String key, boolean required) {
    BigDecimal d = decimal(key, required);
    return refuse(
        key,
        d,
        d != null && d.signum() <= 0,
        d == null ? null : key + " must be positive, got " + d.toPlainString());
  }

  /** A percentage in [0, 100]. */
  public BigDecimal percent(String key, boolean required) {
    BigDecimal d = decimal(key, required);
    return refuse(
        key,
        d,
        d != null && (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0),
        d == null
            ? null
            : key + " " + d.toPlainString() + " must be a percentage between 0 and 100");
  }

  /** A whole number, written plainly or with YAML's digit separators ({@code 10_000}). */
  public Long integer(String key, boolean required) {
    return whole(key, required, Long.MIN_VALUE, "is not a whole number");
  }

  /** A whole number of at least {@code min}. */
  public Long integer(String key, boolean required, long min) {
    return whole(key, required, min, "is not a whole number");
  }

  /** An amount in minor units of a currency (500 for 5.00), at least {@code min}. */
  public Long minorUnits(String key, boolean required, long min) {
    return whole(key, required, min, "is not a whole number of minor units (e.g. 500 for 5.00)");
  }

  private Long whole(String key, boolean required, long min, String complaint) {
    String text = text(key, required);
    Long n = parsed(key, text, t -> Long.parseLong(t.replace("_", "")), complaint);
    return refuse(key, n, n != null && n < min, key + " must be at least " + min + ", got " + text);
  }

  /** An instant with its offset, such as {@code 2026-01-01T00:00:00Z} or {@code ...+01:00}. */
  public Instant instant(String key, boolean required) {
    return parsed(
        key,
        text(key, required),
        t -> OffsetDateTime.parse(t).toInstant(),
        "is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
  }

  /** A positive ISO-8601 duration such as {@code P30D}. */
  public Duration duration(String key, boolean required) {
    String text = text(key, required);
    Duration d =
        parsed(key, text, Duration::parse, "is not an ISO-8601 duration such as P30D or PT12H");
    return refuse(
        key,
        d,
        d != null && (d.isNegative() || d.isZero()),
        key + " must be positive, got " + text);
  }

  /** An ISO-4217 currency. */
  public Currency currency(String key, boolean required) {
    String code = string(key, required);
    Currency currency = parsed(key, code, Currency::getInstance, null);
    return refuse(
        key,
        currency,
        code != null && currency == null,
        "unknown currency '" + code + "'; expected an ISO-4217 code such as USD, EUR or JPY");
  }

  /** An IANA time zone such as {@code Europe/Berlin}. */
  public ZoneId zone(String key, boolean required) {
    String id = string(key, required);
    ZoneId zone = parsed(key, id, ZoneId::of, null);
    return refuse(
        key,
        zone,
        id != null && zone == null,
        "unknown time zone '" + id + "'; use an IANA zone id such as Europe/Berlin");
  }

  /**
   * {@code text} parsed, or null when it is null or does not parse; then reports "key 'text'
   * {complaint}" (nothing when complaint is null: the caller says more).
   */
  private <T> T parsed(String key, String text, Function<String, T> parser, String complaint) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (
        RuntimeException e) { // NumberFormatException, DateTimeException, IllegalArgumentException
      if (complaint != null) {
        problem(value(key), key + " '" + text + "' " + complaint);
      }
      return null;
    }
  }

  /** {@code value}, or null with {@code reason} reported at the key's value when {@code bad}. */
  private <T> T refuse(String key, T value, boolean bad, String reason) {
    if (bad) {
      problem(value(key), reason);
      return null;
    }
    return value;
  }

  /**
   * One of {@code choices}, by the name documents spell it with.
   *
   * @param noun what a choice is, for the message "unknown {noun} 'x'; expected one of ..."
   */
  public <T> T choice(
      String key, boolean required, String noun, List<T> choices, Function<T, String> name) {
    String text = string(key, required);
    if (text == null) {
      return null;
    }
    for (T choice : choices) {
      if (name.apply(choice).equals(text)) {
        return choice;
      }
    }
    problem(
        value(key),
        "unknown "
            + noun
            + " '"
            + text
            + "'; expected one of "
            + String.join(", ", choices.stream().map(name).toList()));
    return null;
  }

  /** A list of plain values, or null when absent. */
  public List<String> strings(String key) {
    Node value = value(key);
    if (value == null) {
      return null;
    }
    List<String> result = new ArrayList<>();
    for (Node item : sequence(key, value)) {
      String text = item instanceof ScalarNode s ? s.getValue().trim() : null;
      if (text == null || text.isEmpty()) {
        problem(item, key + " must list plain, non-empty names");
      } else {
        result.add(text);
      }
    }
    return result;
  }

  /** The items of a list, or null when absent (an empty list when the value is not a list). */
  public List<Node> list(String key, boolean required) {
    Node value = required(key, required);
    return value == null ? null : sequence(key, value);
  }

  private List<Node> sequence(String key, Node value) {
    if (value instanceof SequenceNode seq) {
      return seq.getValue();
    }
    problem(value, key + " must be a list");
    return List.of();
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  private static String suggestion(String key, Collection<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int d = distance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return "; expected one of " + String.join(", ", allowed);
  }

  /** Levenshtein distance, to suggest the key a typo meant. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

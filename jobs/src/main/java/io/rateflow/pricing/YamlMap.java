package io.rateflow.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a rule document, read field by field with its line numbers. Reports unknown keys
 * (with the closest allowed one, as most are typos), duplicate keys and malformed values to {@link Problems}.
 */
final class YamlMap {
    static final int MAX_DECIMALS = 12;
    static final int MAX_INTEGER_DIGITS = 18;

    private final Node anchor;
    private final String where;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, Node anchor, String where, Problems problems, List<String> allowed) {
        this.anchor = anchor;
        this.where = where;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.at(tuple.getKeyNode(), where + ": keys must be plain names");
                continue;
            }
            String key = keyNode.getValue();
            if (entries.containsKey(key)) {
                problems.at(keyNode, where + ": duplicate key '" + key + "'");
            } else if (allowed != null && !allowed.contains(key)) {
                problems.at(keyNode, where + ": unknown key '" + key + "'" + suggestion(key, allowed));
            } else {
                entries.put(key, tuple);
            }
        }
    }

    /**
     * Reads {@code value} as a mapping, or reports that it is not one and returns null. Problems about the
     * mapping as a whole (a missing key) are reported at {@code anchor}, usually the line naming it.
     */
    static YamlMap read(Node anchor, Node value, String where, Problems problems, List<String> allowed) {
        if (!(value instanceof MappingNode mapping)) {
            problems.at(value == null ? anchor : value, where + ": expected a mapping of keys to values");
            return null;
        }
        return new YamlMap(mapping, anchor == null ? value : anchor, where, problems, allowed);
    }

    String where() {
        return where;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** The node naming {@code key}, for messages about the whole entry. */
    Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? anchor : tuple.getKeyNode();
    }

    /** The value of {@code key}, or null when absent or null ({@code ~}, empty). */
    Node value(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return null;
        }
        Node value = tuple.getValueNode();
        return value instanceof ScalarNode && Tag.NULL.equals(value.getTag()) ? null : value;
    }

    void problem(Node node, String reason) {
        problems.at(node, where + ": " + reason);
    }

    /** Whether {@code key} has a value; reports it missing otherwise. */
    boolean require(String key) {
        return required(key, true) != null;
    }

    private Node required(String key, boolean required) {
        Node value = value(key);
        if (value == null && required) {
            problems.at(anchor, where + ": missing required key '" + key + "'");
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

    String string(String key, boolean required) {
        Node value = required(key, required);
        if (value == null) {
            return null;
        }
        String text = scalar(key, value);
        if (text != null && text.isEmpty()) {
            problem(value, key + " must not be empty");
            return null;
        }
        return text;
    }

    BigDecimal decimal(String key, boolean required) {
        Node value = required(key, required);
        String text = value == null ? null : scalar(key, value);
        if (text == null) {
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            problem(value, key + " '" + text + "' is not a decimal number");
            return null;
        }
        // Bounded so that a mistyped exponent (1e-999999) cannot make pricing crawl or exhaust memory.
        if (d.scale() > MAX_DECIMALS || d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
            problem(value, key + " " + text + " is out of range: at most " + MAX_INTEGER_DIGITS
                    + " integer digits and " + MAX_DECIMALS + " decimals");
            return null;
        }
        return d;
    }

    /** A decimal that must be ≥ 0 (prices, fees, quantities). */
    BigDecimal nonNegative(String key, boolean required) {
        BigDecimal d = decimal(key, required);
        if (d != null && d.signum() < 0) {
            problem(value(key), key + " must not be negative, got " + d.toPlainString());
            return null;
        }
        return d;
    }

    /** A decimal that must be > 0. */
    BigDecimal positive(String key, boolean required) {
        BigDecimal d = decimal(key, required);
        if (d != null && d.signum() <= 0) {
            problem(value(key), key + " must be positive, got " + d.toPlainString());
            return null;
        }
        return d;
    }

    /** A percentage in [0, 100]. */
    BigDecimal percent(String key, boolean required) {
        BigDecimal d = decimal(key, required);
        if (d != null && (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0)) {
            problem(value(key), key + " " + d.toPlainString() + " must be a percentage between 0 and 100");
            return null;
        }
        return d;
    }

    Long integer(String key, boolean required) {
        Node value = required(key, required);
        String text = value == null ? null : scalar(key, value);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            problem(value, key + " '" + text + "' is not a whole number");
            return null;
        }
    }

    Instant instant(String key, boolean required) {
        Node value = required(key, required);
        String text = value == null ? null : scalar(key, value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(value, key + " '" + text + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            return null;
        }
    }

    /** A list of plain values, or null when absent. */
    List<String> strings(String key) {
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
    List<Node> list(String key, boolean required) {
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

    private static String suggestion(String key, List<String> allowed) {
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

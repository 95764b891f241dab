package io.rateflow.balances.promotions;

import io.rateflow.yaml.BoundedYaml;
import io.rateflow.yaml.YamlProblem;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads promotion documents (YAML) and validates them completely, reporting every problem as {@code
 * file:line: reason} so an author can fix a document in one pass. The YAML is only composed into nodes
 * (never constructed into objects), which keeps the line of every value and runs no custom tags.
 *
 * <p>Format: see {@code docs/balances.md} and the examples in {@code pricing-rules/promotions/}.
 */
public final class PromotionDocuments {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "when", "meter", "threshold",
            "minTopUpMinor", "currency", "validFrom", "validUntil", "grant", "offer");
    private static final Set<String> GRANT_KEYS = Set.of("amountMinor", "percentOfTopUp", "priority",
            "expiresAfter");
    private static final Set<String> OFFER_KEYS = Set.of("coupon", "message");
    private static final int DEFAULT_PRIORITY = 50;

    private PromotionDocuments() {}

    /** Parses every {@code *.yaml} file in {@code dir} (sorted by name) into one book. */
    public static PromotionBook loadDirectory(Path dir) throws IOException, PromotionDocumentException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<PromotionRule> rules = new ArrayList<>();
        for (Path f : files) {
            try {
                rules.addAll(parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
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
    public static List<PromotionRule> parse(String file, String yaml) throws PromotionDocumentException {
        try {
            return read(file, yaml);
        } catch (PromotionDocumentException e) {
            throw e;
        } catch (Throwable e) {
            // One document must never fail the job that reads it, whatever it makes the parser throw.
            throw new PromotionDocumentException(List.of(file + ":1: the promotion document could not be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check it against docs/balances.md"));
        }
    }

    private static List<PromotionRule> read(String file, String yaml) throws PromotionDocumentException {
        Reader r = new Reader(file);
        Node root;
        try {
            root = BoundedYaml.compose(yaml, "promotion document");
        } catch (YamlProblem e) {
            throw new PromotionDocumentException(List.of(file + ":" + e.line() + ": " + e.reason()));
        }
        List<PromotionRule> rules = new ArrayList<>();
        if (root == null) {
            r.problem(1, "empty document; expected a top-level 'promotions:' list");
        } else {
            Map<String, NodeTuple> top = r.mapping(root, "the document", Set.of("promotions"));
            NodeTuple list = top.get("promotions");
            if (root instanceof MappingNode && list == null) {
                r.problem(line(root), "missing top-level key 'promotions'");
            } else if (list != null) {
                if (list.getValueNode() instanceof SequenceNode seq) {
                    for (Node item : seq.getValue()) {
                        PromotionRule rule = r.rule(item);
                        if (rule != null) {
                            rules.add(rule);
                        }
                    }
                } else {
                    r.problem(line(list.getValueNode()), "'promotions' must be a list of rules ('- id: ...')");
                }
            }
        }
        if (!r.problems.isEmpty()) {
            throw new PromotionDocumentException(r.sorted());
        }
        return rules;
    }

    private static List<String> duplicateIds(List<PromotionRule> rules) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (PromotionRule rule : rules) {
            String first = seen.putIfAbsent(rule.id(), rule.location());
            if (first != null) {
                problems.add(rule.location() + ": duplicate promotion id '" + rule.id() + "' (first defined at "
                        + first + "); ids must be unique because they name the grants and offers");
            }
        }
        return problems;
    }

    private record Problem(int line, String reason) {}

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** Collects problems for one file while walking its nodes. */
    private static final class Reader {
        private final String file;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, Integer> idLines = new HashMap<>();

        Reader(String file) {
            this.file = file;
        }

        void problem(int line, String reason) {
            problems.add(new Problem(line, reason));
        }

        /** In line order, so a reader can walk down the file; stable for problems on one line. */
        List<String> sorted() {
            return problems.stream().sorted(java.util.Comparator.comparingInt(Problem::line))
                    .map(p -> file + ":" + p.line() + ": " + p.reason()).toList();
        }

        /** The keys of a mapping node; reports unknown and repeated keys. Empty map if not a mapping. */
        Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            if (!(node instanceof MappingNode m)) {
                problem(line(node), what + " must be a mapping of 'key: value'");
                return out;
            }
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null || !allowed.contains(key)) {
                    problem(line(t.getKeyNode()), "unknown key '" + key + "' in " + what + "; expected one of "
                            + allowed.stream().sorted().toList());
                } else if (out.putIfAbsent(key, t) != null) {
                    problem(line(t.getKeyNode()), "key '" + key + "' appears twice in " + what);
                }
            }
            return out;
        }

        String text(Map<String, NodeTuple> m, String key) {
            NodeTuple t = m.get(key);
            if (t == null) {
                return null;
            }
            if (t.getValueNode() instanceof ScalarNode s && !s.getValue().isBlank()) {
                return s.getValue().trim();
            }
            problem(line(t.getValueNode()), "'" + key + "' must be a non-empty value");
            return null;
        }

        int valueLine(Map<String, NodeTuple> m, String key) {
            return line(m.get(key).getValueNode());
        }

        Long wholeNumber(Map<String, NodeTuple> m, String key, long min) {
            String v = text(m, key);
            if (v == null) {
                return null;
            }
            try {
                long n = Long.parseLong(v.replace("_", ""));
                if (n < min) {
                    problem(valueLine(m, key), "'" + key + "' must be at least " + min + ", got " + v);
                    return null;
                }
                return n;
            } catch (NumberFormatException e) {
                problem(valueLine(m, key), "'" + key + "' must be a whole number"
                        + (key.endsWith("Minor") ? " of minor units (e.g. 500 for 5.00)" : "") + ", got '" + v + "'");
                return null;
            }
        }

        Instant instant(Map<String, NodeTuple> m, String key) {
            String v = text(m, key);
            if (v == null) {
                return null;
            }
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                problem(valueLine(m, key), "'" + key + "' must be an ISO-8601 instant like 2026-01-01T00:00:00Z, got '"
                        + v + "'");
                return null;
            }
        }

        void require(Map<String, NodeTuple> m, Node at, String key, String why) {
            if (!m.containsKey(key)) {
                problem(line(at), "missing '" + key + "': " + why);
            }
        }

        void forbid(Map<String, NodeTuple> m, String key, String why) {
            if (m.containsKey(key)) {
                problem(line(m.get(key).getKeyNode()), "'" + key + "' is not allowed here: " + why);
            }
        }

        PromotionRule rule(Node node) {
            int before = problems.size();
            Map<String, NodeTuple> m = mapping(node, "a promotion rule", RULE_KEYS);
            if (!(node instanceof MappingNode)) {
                return null;
            }
            require(m, node, "id", "every rule needs a unique id");
            require(m, node, "when", "one of first-use, top-up, usage-above");
            String id = text(m, "id");
            if (id != null && !ID.matcher(id).matches()) {
                problem(valueLine(m, "id"), "id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
            }
            if (id != null) {
                Integer first = idLines.putIfAbsent(id, valueLine(m, "id"));
                if (first != null) {
                    problem(valueLine(m, "id"), "duplicate promotion id '" + id + "' (first defined at " + file + ":"
                            + first + "); ids must be unique because they name the grants and offers");
                }
            }
            PromotionTrigger trigger = null;
            String when = text(m, "when");
            if (when != null) {
                trigger = PromotionTrigger.fromYaml(when).orElse(null);
                if (trigger == null) {
                    problem(valueLine(m, "when"), "'when' must be one of first-use, top-up, usage-above, got '"
                            + when + "'");
                }
            }
            String meter = text(m, "meter");
            BigDecimal threshold = null;
            Long minTopUp = null;
            if (trigger == PromotionTrigger.FIRST_USE) {
                require(m, node, "meter", "a first-use rule names the meter (product)");
                forbid(m, "threshold", "only usage-above rules have a threshold");
                forbid(m, "minTopUpMinor", "only top-up rules have a minimum top-up");
            } else if (trigger == PromotionTrigger.USAGE_ABOVE) {
                require(m, node, "meter", "a usage-above rule names the meter it counts");
                require(m, node, "threshold", "the usage in a period above which the rule fires");
                forbid(m, "minTopUpMinor", "only top-up rules have a minimum top-up");
                String t = text(m, "threshold");
                if (t != null) {
                    try {
                        threshold = new BigDecimal(t);
                        if (threshold.signum() < 0) {
                            problem(valueLine(m, "threshold"), "'threshold' must not be negative, got " + t);
                        }
                    } catch (NumberFormatException e) {
                        problem(valueLine(m, "threshold"), "'threshold' must be a number, got '" + t + "'");
                    }
                }
            } else if (trigger == PromotionTrigger.TOP_UP) {
                require(m, node, "minTopUpMinor", "the smallest top-up, in minor units, that earns the bonus");
                require(m, node, "currency", "the currency of the top-up and the bonus");
                forbid(m, "meter", "a top-up rule is not about a meter");
                forbid(m, "threshold", "only usage-above rules have a threshold");
                minTopUp = wholeNumber(m, "minTopUpMinor", 1);
            }
            Currency currency = null;
            String code = text(m, "currency");
            if (code != null) {
                try {
                    currency = Currency.getInstance(code);
                } catch (IllegalArgumentException e) {
                    problem(valueLine(m, "currency"), "'currency' must be an ISO-4217 code like EUR, got '" + code + "'");
                }
            }
            Instant from = instant(m, "validFrom");
            Instant until = instant(m, "validUntil");
            if (from != null && until != null && !until.isAfter(from)) {
                problem(valueLine(m, "validUntil"), "'validUntil' " + until + " must be after 'validFrom' " + from);
            }
            if (!m.containsKey("grant") && !m.containsKey("offer")) {
                problem(line(node), "a rule needs a 'grant', an 'offer' or both");
            }
            GrantSpec grant = null;
            if (m.containsKey("grant")) {
                if (!m.containsKey("currency")) {
                    problem(line(m.get("grant").getKeyNode()), "missing 'currency': a rule that grants credit"
                            + " names its currency");
                }
                grant = grant(m.get("grant").getValueNode(), trigger);
            }
            OfferSpec offer = m.containsKey("offer") ? offer(m.get("offer").getValueNode()) : null;
            if (problems.size() > before) {
                return null;
            }
            return new PromotionRule(id, file + ":" + line(node), trigger, meter, threshold,
                    minTopUp == null ? 0 : minTopUp, currency, grant, offer, from, until);
        }

        GrantSpec grant(Node node, PromotionTrigger trigger) {
            Map<String, NodeTuple> g = mapping(node, "'grant'", GRANT_KEYS);
            if (!(node instanceof MappingNode)) {
                return null;
            }
            boolean fixed = g.containsKey("amountMinor");
            boolean percent = g.containsKey("percentOfTopUp");
            if (fixed == percent) {
                problem(line(node), "'grant' needs exactly one of 'amountMinor' or 'percentOfTopUp'");
            }
            if (percent && trigger != null && trigger != PromotionTrigger.TOP_UP) {
                problem(line(g.get("percentOfTopUp").getKeyNode()), "'percentOfTopUp' only makes sense for"
                        + " a top-up rule; use 'amountMinor'");
            }
            Long amount = fixed ? wholeNumber(g, "amountMinor", 1) : Long.valueOf(0);
            Long pct = percent ? wholeNumber(g, "percentOfTopUp", 1) : Long.valueOf(0);
            if (pct != null && pct > 100) {
                problem(valueLine(g, "percentOfTopUp"), "'percentOfTopUp' must be 1..100, got " + pct);
            }
            Long priority = g.containsKey("priority") ? wholeNumber(g, "priority", 0) : Long.valueOf(DEFAULT_PRIORITY);
            Duration expires = null;
            String e = text(g, "expiresAfter");
            if (e != null) {
                try {
                    expires = Duration.parse(e);
                    if (expires.isNegative() || expires.isZero()) {
                        problem(valueLine(g, "expiresAfter"), "'expiresAfter' must be positive, got " + e);
                    }
                } catch (DateTimeParseException ex) {
                    problem(valueLine(g, "expiresAfter"), "'expiresAfter' must be an ISO-8601 duration like P30D or"
                            + " PT12H, got '" + e + "'");
                }
            }
            if (amount == null || pct == null || priority == null || priority > Integer.MAX_VALUE) {
                return null;
            }
            return new GrantSpec(amount, pct.intValue(), priority.intValue(), expires);
        }

        OfferSpec offer(Node node) {
            Map<String, NodeTuple> o = mapping(node, "'offer'", OFFER_KEYS);
            if (!(node instanceof MappingNode)) {
                return null;
            }
            require(o, node, "coupon", "the coupon code to offer");
            String coupon = text(o, "coupon");
            String message = text(o, "message");
            return new OfferSpec(coupon, message);
        }
    }
}

package io.rateflow.ledger;

import io.rateflow.yaml.BoundedYaml;
import io.rateflow.yaml.YamlProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a chart-of-accounts YAML document (see {@code pricing-rules/chart-of-accounts/}) and checks
 * it completely before anything is posted with it: every problem is reported as
 * {@code file:line: reason}.
 *
 * <p>It works on the YAML node tree rather than on Java maps, for two reasons: the nodes carry line
 * numbers, and scalars keep their text as written, so an account code {@code 0120} stays
 * {@code "0120"} instead of becoming the octal number 80.
 */
public final class ChartOfAccountsParser {

    private static final List<String> TOP_KEYS =
            List.of("id", "version", "effective_from", "description", "default_legal_entity", "legal_entities",
                    "accounts");
    private static final List<String> ENTITY_KEYS = List.of("code", "time_zone", "name");
    private static final List<String> MAPPING_KEYS = List.of("role", "account", "legal_entity", "product", "region");
    private static final String ROLES =
            Arrays.stream(PostingRole.values()).map(Enum::name).collect(Collectors.joining(", "));

    private final String source;
    private record Problem(int line, String message) {}

    private final List<Problem> problems = new ArrayList<>();

    private ChartOfAccountsParser(String source) {
        this.source = source;
    }

    /** Parses a chart file; its path is used in messages. */
    public static ChartOfAccounts parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses and validates a document.
     *
     * @param sourceName where the text came from (a file name), used as the prefix of every message
     * @param document the YAML text
     * @throws ChartValidationException listing every problem, each as {@code sourceName:line: reason}
     */
    public static ChartOfAccounts parse(String sourceName, String document) {
        try {
            return new ChartOfAccountsParser(sourceName).read(document);
        } catch (ChartValidationException e) {
            throw e;
        } catch (Throwable e) {
            // One document must never fail the job that reads it, whatever it makes the parser throw.
            throw new ChartValidationException(List.of(sourceName + ":1: the chart of accounts could not be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check it against docs/ledger.md"));
        }
    }

    private ChartOfAccounts read(String document) {
        Node root;
        try {
            root = BoundedYaml.compose(document, "chart of accounts");
        } catch (YamlProblem e) {
            throw new ChartValidationException(List.of(source + ":" + e.line() + ": " + e.reason()));
        }
        if (!(root instanceof MappingNode)) {
            problem(root == null ? 1 : line(root), "expected a mapping with keys " + String.join(", ", TOP_KEYS));
            throw failure();
        }
        Map<String, NodeTuple> top = fields((MappingNode) root, TOP_KEYS);
        String id = requiredText(root, top, "id");
        long version = version(root, top);
        Instant effectiveFrom = effectiveFrom(root, top);
        List<LegalEntity> entities = new ArrayList<>();
        Map<String, Integer> entityLines = legalEntities(root, top, entities);
        List<AccountMapping> mappings = accounts(root, top, entityLines);
        String defaultEntity = defaultLegalEntity(top, entityLines);
        if (!problems.isEmpty()) {
            throw failure();
        }
        return new ChartOfAccounts(id, version, effectiveFrom, source, entities, mappings, defaultEntity);
    }

    /** The optional default_legal_entity: books the facts of accounts whose profile names none. */
    private String defaultLegalEntity(Map<String, NodeTuple> top, Map<String, Integer> entityLines) {
        if (!top.containsKey("default_legal_entity")) {
            return null;
        }
        String code = scalar(top.get("default_legal_entity"), "default_legal_entity");
        if (code == null || code.isBlank()) {
            problem(valueLine(top, "default_legal_entity"), "'default_legal_entity' must not be empty; leave the "
                    + "key out if facts without a legal entity should be rejected");
            return null;
        }
        if (!entityLines.containsKey(code)) {
            problem(valueLine(top, "default_legal_entity"), "default_legal_entity '" + code
                    + "' is not declared under legal_entities");
            return null;
        }
        return code;
    }

    private long version(Node parent, Map<String, NodeTuple> fields) {
        String text = requiredText(parent, fields, "version");
        if (text == null) {
            return 0;
        }
        try {
            long version = Long.parseLong(text);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(valueLine(fields, "version"), "version must be a positive whole number, got '" + text + "'");
        return 0;
    }

    private Instant effectiveFrom(Node parent, Map<String, NodeTuple> fields) {
        String text = requiredText(parent, fields, "effective_from");
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(valueLine(fields, "effective_from"), "effective_from must be an ISO-8601 time with offset, "
                    + "such as 2026-01-01T00:00:00Z, got '" + text + "'");
            return null;
        }
    }

    /** Reads legal_entities into {@code out}; returns the line of each code's declaration. */
    private Map<String, Integer> legalEntities(Node parent, Map<String, NodeTuple> top, List<LegalEntity> out) {
        Map<String, Integer> lines = new HashMap<>();
        List<MappingNode> items = list(parent, top, "legal_entities", "{code, time_zone}");
        for (MappingNode item : items) {
            Map<String, NodeTuple> f = fields(item, ENTITY_KEYS);
            String code = requiredText(item, f, "code");
            String zoneText = requiredText(item, f, "time_zone");
            optionalText(f, "name");
            if (code == null) {
                continue;
            }
            Integer first = lines.putIfAbsent(code, line(item));
            if (first != null) {
                problem(line(item), "legal entity '" + code + "' is declared twice (first at line " + first + ")");
                continue;
            }
            if (zoneText == null) {
                continue;
            }
            try {
                out.add(new LegalEntity(code, ZoneId.of(zoneText)));
            } catch (DateTimeException e) {
                problem(valueLine(f, "time_zone"), "unknown time zone '" + zoneText + "' for legal entity " + code
                        + "; use an IANA zone id such as Europe/Berlin");
            }
        }
        return lines;
    }

    private List<AccountMapping> accounts(Node parent, Map<String, NodeTuple> top, Map<String, Integer> entities) {
        List<AccountMapping> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<MappingNode> items = list(parent, top, "accounts", "{role, account, legal_entity?, product?, region?}");
        for (MappingNode item : items) {
            int problemsBefore = problems.size();
            Map<String, NodeTuple> f = fields(item, MAPPING_KEYS);
            String roleText = requiredText(item, f, "role");
            String account = requiredText(item, f, "account");
            String le = optionalText(f, "legal_entity");
            String product = optionalText(f, "product");
            String region = optionalText(f, "region");
            PostingRole role = null;
            if (roleText != null) {
                try {
                    role = PostingRole.valueOf(roleText);
                } catch (IllegalArgumentException e) {
                    problem(valueLine(f, "role"), "unknown role '" + roleText + "'; expected one of " + ROLES);
                }
            }
            if (le != null && !entities.containsKey(le)) {
                problem(valueLine(f, "legal_entity"), "legal entity '" + le + "' is not declared under legal_entities");
            }
            if (problems.size() > problemsBefore || role == null || account == null) {
                continue; // a faulty row would only add confusing follow-up messages (say, a duplicate default)
            }
            AccountMapping mapping = new AccountMapping(role, le, product, region, account, line(item));
            Integer first = seen.putIfAbsent(role + "|" + mapping.qualifiers(), line(item));
            if (first != null) {
                problem(line(item), "duplicate mapping for " + role + " (" + mapping.qualifiers()
                        + "); first at line " + first);
                continue;
            }
            out.add(mapping);
        }
        if (!items.isEmpty()) {
            Set<PostingRole> missing = EnumSet.allOf(PostingRole.class);
            out.stream().filter(AccountMapping::isDefault).forEach(m -> missing.remove(m.role()));
            for (PostingRole role : missing) {
                problem(line(top.get("accounts").getKeyNode()), "role " + role + " has no default account "
                        + "(a row without legal_entity, product or region)");
            }
        }
        return out;
    }

    // ---- node helpers ------------------------------------------------------------------------

    /** The mapping's entries by key; reports unknown and duplicate keys. */
    private Map<String, NodeTuple> fields(MappingNode node, List<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                problem(line(t.getKeyNode()), "keys must be plain words");
                continue;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!allowed.contains(key)) {
                problem(line(t.getKeyNode()), "unknown key '" + key + "'; expected one of " + String.join(", ", allowed));
            } else if (out.putIfAbsent(key, t) != null) {
                problem(line(t.getKeyNode()), "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    private String requiredText(Node parent, Map<String, NodeTuple> fields, String key) {
        if (!fields.containsKey(key)) {
            problem(line(parent), "missing key '" + key + "'");
            return null;
        }
        String text = scalar(fields.get(key), key);
        if (text != null && text.isBlank()) {
            problem(valueLine(fields, key), "'" + key + "' must not be empty");
            return null;
        }
        return text;
    }

    /** An optional qualifier: absent means "any"; written but empty is a mistake worth reporting. */
    private String optionalText(Map<String, NodeTuple> fields, String key) {
        if (!fields.containsKey(key)) {
            return null;
        }
        String text = scalar(fields.get(key), key);
        if (text != null && text.isBlank()) {
            problem(valueLine(fields, key), "'" + key + "' must not be empty; leave the key out to match any "
                    + key.replace('_', ' '));
            return null;
        }
        return text;
    }

    private String scalar(NodeTuple tuple, String key) {
        if (!(tuple.getValueNode() instanceof ScalarNode)) {
            problem(line(tuple.getValueNode()), "'" + key + "' must be a single value");
            return null;
        }
        return ((ScalarNode) tuple.getValueNode()).getValue().strip();
    }

    private List<MappingNode> list(Node parent, Map<String, NodeTuple> fields, String key, String shape) {
        if (!fields.containsKey(key)) {
            problem(line(parent), "missing key '" + key + "'");
            return List.of();
        }
        Node value = fields.get(key).getValueNode();
        if (!(value instanceof SequenceNode) || ((SequenceNode) value).getValue().isEmpty()) {
            problem(line(value), "'" + key + "' must be a non-empty list of " + shape);
            return List.of();
        }
        List<MappingNode> out = new ArrayList<>();
        for (Node item : ((SequenceNode) value).getValue()) {
            if (item instanceof MappingNode) {
                out.add((MappingNode) item);
            } else {
                problem(line(item), "each entry of '" + key + "' must be a mapping " + shape);
            }
        }
        return out;
    }

    private static int valueLine(Map<String, NodeTuple> fields, String key) {
        return line(fields.get(key).getValueNode());
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** Every problem, in document order so an author can work from top to bottom. */
    private ChartValidationException failure() {
        return new ChartValidationException(problems.stream()
                .sorted(Comparator.comparingInt(Problem::line))
                .map(p -> source + ":" + p.line() + ": " + p.message())
                .toList());
    }

    private void problem(int line, String reason) {
        problems.add(new Problem(line, reason));
    }
}

package io.rateflow.ledger;

import io.rateflow.yaml.YamlMap;
import io.rateflow.yaml.YamlProblems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a chart-of-accounts YAML document (see {@code pricing-rules/chart-of-accounts/}) and checks
 * it completely before anything is posted with it: every problem is reported as {@code file:line:
 * reason}.
 *
 * <p>It reads the YAML node tree ({@link YamlMap}) rather than Java maps: the nodes carry line
 * numbers, and scalars keep their text as written, so an account code {@code 0120} stays {@code
 * "0120"} instead of becoming the octal number 80.
 */
public final class ChartOfAccountsParser {

  private static final List<String> TOP_KEYS =
      List.of(
          "id",
          "version",
          "effective_from",
          "description",
          "default_legal_entity",
          "legal_entities",
          "accounts");
  private static final List<String> ENTITY_KEYS = List.of("code", "time_zone", "name");
  private static final List<String> MAPPING_KEYS =
      List.of("role", "account", "legal_entity", "product", "region");
  private static final List<PostingRole> ROLES = Arrays.asList(PostingRole.values());

  private final String source;
  private final YamlProblems problems;

  private ChartOfAccountsParser(String source) {
    this.source = source;
    this.problems = new YamlProblems(source);
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
      throw new ChartValidationException(
          List.of(
              YamlProblems.unreadable(
                  sourceName, "chart of accounts", e, "check it against docs/ledger.md")));
    }
  }

  private ChartOfAccounts read(String document) {
    Node root = problems.compose(document, "chart of accounts");
    if (root == null && problems.isEmpty()) {
      problems.atLine(
          1,
          "the document is empty; a chart of accounts needs id, version, effective_from, "
              + "legal_entities and accounts");
    }
    YamlMap top = root == null ? null : YamlMap.read(root, root, "", problems, TOP_KEYS);
    if (top == null) {
      throw failure();
    }
    String id = top.string("id", true);
    Long version = top.integer("version", true, 1);
    Instant effectiveFrom = top.instant("effective_from", true);
    List<LegalEntity> entities = new ArrayList<>();
    Map<String, Integer> entityLines = legalEntities(top, entities);
    List<AccountMapping> mappings = accounts(top, entityLines);
    String defaultEntity = defaultLegalEntity(top, entityLines);
    if (!problems.isEmpty()) {
      throw failure();
    }
    return new ChartOfAccounts(
        id, version, effectiveFrom, source, entities, mappings, defaultEntity);
  }

  /** The optional default_legal_entity: books the facts of accounts whose profile names none. */
  private String defaultLegalEntity(YamlMap top, Map<String, Integer> entityLines) {
    if (!top.written("default_legal_entity")) {
      return null;
    }
    String code = top.text("default_legal_entity", false);
    if (code == null || code.isBlank()) {
      top.problem(
          top.at("default_legal_entity"),
          "'default_legal_entity' must not be empty; leave the "
              + "key out if facts without a legal entity should be rejected");
      return null;
    }
    if (!entityLines.containsKey(code)) {
      top.problem(
          top.value("default_legal_entity"),
          "default_legal_entity '" + code + "' is not declared under legal_entities");
      return null;
    }
    return code;
  }

  /** Reads legal_entities into {@code out}; returns the line of each code's declaration. */
  private Map<String, Integer> legalEntities(YamlMap top, List<LegalEntity> out) {
    Map<String, Integer> lines = new HashMap<>();
    for (YamlMap entity :
        top.mappings("legal_entities", "{code, time_zone}", "legal entity", ENTITY_KEYS)) {
      String code = entity.string("code", true);
      ZoneId zone = entity.zone("time_zone", true);
      entity.string("name", false);
      if (code == null) {
        continue;
      }
      Integer first = lines.putIfAbsent(code, entity.line());
      if (first != null) {
        entity.problem(
            entity.anchor(), "code '" + code + "' is declared twice (first at line " + first + ")");
      } else if (zone != null) {
        out.add(new LegalEntity(code, zone));
      }
    }
    return lines;
  }

  private List<AccountMapping> accounts(YamlMap top, Map<String, Integer> entities) {
    List<AccountMapping> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<YamlMap> rows =
        top.mappings(
            "accounts",
            "{role, account, legal_entity?, product?, region?}",
            "account row",
            MAPPING_KEYS);
    for (YamlMap row : rows) {
      PostingRole role = row.choice("role", true, "role", ROLES, Enum::name);
      String account = row.string("account", true);
      String le = qualifier(row, "legal_entity");
      String product = qualifier(row, "product");
      String region = qualifier(row, "region");
      if (le != null && !entities.containsKey(le)) {
        row.problem(
            row.value("legal_entity"),
            "legal entity '" + le + "' is not declared under legal_entities");
      }
      if (row.hasProblems() || role == null || account == null) {
        continue; // a faulty row would only add confusing follow-up messages (say, a duplicate
        // default)
      }
      AccountMapping mapping = new AccountMapping(role, le, product, region, account, row.line());
      Integer first = seen.putIfAbsent(role + "|" + mapping.qualifiers(), row.line());
      if (first != null) {
        row.problem(
            row.anchor(),
            "duplicate mapping for "
                + role
                + " ("
                + mapping.qualifiers()
                + "); first at line "
                + first);
        continue;
      }
      out.add(mapping);
    }
    if (!rows.isEmpty()) {
      // roles added later fall back to another role's account: older charts stay valid
      Set<PostingRole> missing = ChartOfAccounts.mandatoryRoles();
      out.stream().filter(AccountMapping::isDefault).forEach(m -> missing.remove(m.role()));
      for (PostingRole role : missing) {
        top.problem(
            top.keyNode("accounts"),
            "role "
                + role
                + " has no default account "
                + "(a row without legal_entity, product or region)");
      }
    }
    return out;
  }

  /** An optional qualifier: absent means "any"; written but empty is a mistake worth reporting. */
  private static String qualifier(YamlMap row, String key) {
    if (!row.written(key)) {
      return null;
    }
    String text = row.text(key, false);
    if (text == null && row.has(key)) {
      return null; // not a single value: reported
    }
    if (text == null || text.isBlank()) {
      row.problem(
          row.at(key),
          key + " must not be empty; leave the key out to match any " + key.replace('_', ' '));
      return null;
    }
    return text;
  }

  /** Every problem, in document order so an author can work from top to bottom. */
  private ChartValidationException failure() {
    return new ChartValidationException(problems.messages());
  }
}

package io.rateflow.pricing;

import io.rateflow.yaml.YamlMap;
import io.rateflow.yaml.YamlProblems;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses and validates a rule document (YAML, or JSON which is YAML). Reports every problem at
 * once, each with its line, so that a bad document is rejected with everything its author has to
 * fix.
 */
public final class RuleParser {
  static final List<String> TOP_KEYS =
      List.of(
          "id",
          "version",
          "description",
          "effective_from",
          "effective_to",
          "currency",
          "currency_digits",
          "rounding",
          "unit_amount_digits",
          "applies_to",
          "meters",
          "promotions",
          "recurring_fees",
          "minimum_spend");
  static final List<String> METER_KEYS =
      List.of(
          "description",
          "unit",
          "aggregation",
          "unique_attribute",
          "period",
          "price",
          "dimensions",
          "cap",
          "recurring",
          "proration");
  private static final List<String> AUDIENCE_KEYS = List.of("plans", "segments", "accounts");
  private static final List<Aggregation> AGGREGATIONS = List.of(Aggregation.values());
  private static final List<Proration> PRORATIONS = List.of(Proration.values());
  private static final List<String> RECURRING_MODELS = List.of("per_unit", "graduated", "volume");
  private static final List<String> FEE_KEYS =
      List.of("id", "description", "amount", "period", "proration");

  private final YamlProblems problems;
  private final PriceReader prices;
  // The rule set's currency arithmetic once read (null if invalid), for checks of meters' amounts.
  private Money money;
  private final Map<String, Proration> recurringMeters = new LinkedHashMap<>();

  private RuleParser(String sourceName) {
    this.problems = new YamlProblems(sourceName);
    this.prices = new PriceReader(problems);
  }

  /**
   * Parses one rule document.
   *
   * @param sourceName where it came from (a file name), prefixed to every problem
   * @throws RuleValidationException listing every problem, each {@code "sourceName:line: reason"}
   */
  public static RuleSet parse(String document, String sourceName) throws RuleValidationException {
    try {
      return new RuleParser(sourceName).read(document, sourceName);
    } catch (RuleValidationException e) {
      throw e;
    } catch (Throwable e) {
      throw new RuleValidationException(
          List.of(
              YamlProblems.unreadable(
                  sourceName,
                  "rule document",
                  e,
                  "check that it is a rule set as described in pricing-rules/README.md")));
    }
  }

  private RuleSet read(String document, String sourceName) throws RuleValidationException {
    Node root = problems.compose(document, "rule document");
    if (root == null && problems.isEmpty()) {
      problems.atLine(
          1,
          "the document is empty; a rule set needs id, version, effective_from, currency and meters");
    }
    YamlMap top = root == null ? null : YamlMap.read(root, root, "rule set", problems, TOP_KEYS);
    if (top == null) {
      throw failure();
    }
    String id = top.string("id", true);
    if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      top.problem(
          top.value("id"), "id '" + id + "' may only contain letters, digits, '.', '_' and '-'");
    }
    Long version = top.integer("version", true);
    if (version != null && version < 1) {
      top.problem(top.value("version"), "version must be a positive whole number, got " + version);
    }
    Instant from = top.instant("effective_from", true);
    Instant to = top.instant("effective_to", false);
    if (from != null && to != null && !to.isAfter(from)) {
      top.problem(
          top.value("effective_to"),
          "effective_to " + to + " must be after effective_from " + from);
    }
    Money money = money(top);
    this.money = money;
    Audience audience = audience(top, "applies_to", "applies_to", true);
    Map<String, MeterRule> meters = meters(top);
    List<Promotion> promotions = promotions(top, meters.keySet());
    List<RecurringFee> fees = recurringFees(top);
    MinimumSpend minimum = minimumSpend(top);
    if (!problems.isEmpty()) {
      throw failure();
    }
    return new RuleSet(
        id,
        version,
        from,
        to,
        money,
        audience,
        meters,
        promotions,
        document,
        sourceName,
        new RecurringTerms(recurringMeters, fees, minimum));
  }

  private RuleValidationException failure() {
    return new RuleValidationException(problems.messages());
  }

  private Money money(YamlMap top) {
    Currency currency = top.currency("currency", true);
    Long digits = top.integer("currency_digits", false);
    if (digits != null && (digits < 0 || digits > 9)) {
      top.problem(
          top.value("currency_digits"), "currency_digits must be between 0 and 9, got " + digits);
      digits = null;
    }
    if (currency != null
        && digits == null
        && !top.has("currency_digits")
        && currency.getDefaultFractionDigits() < 0) {
      top.problem(
          top.value("currency"),
          "currency " + currency + " has no minor unit; set currency_digits");
    }
    RoundingMode rounding = RoundingMode.HALF_EVEN;
    String mode = top.string("rounding", false);
    if (mode != null) {
      try {
        rounding = RoundingMode.valueOf(mode.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        top.problem(
            top.value("rounding"),
            "unknown rounding mode '"
                + mode
                + "'; expected one of "
                + String.join(", ", Arrays.stream(RoundingMode.values()).map(Enum::name).toList()));
      }
      if (rounding == RoundingMode.UNNECESSARY) {
        top.problem(
            top.value("rounding"),
            "rounding UNNECESSARY would refuse every amount finer than the "
                + "minor unit; choose a rounding such as HALF_EVEN or HALF_UP");
      }
    }
    Long unitDigits = unitAmountDigits(top);
    if (currency == null) {
      return null;
    }
    int minor =
        digits != null ? digits.intValue() : Math.max(0, currency.getDefaultFractionDigits());
    return new Money(
        currency.getCurrencyCode(),
        minor,
        rounding,
        unitDigits == null ? minor + 4 : unitDigits.intValue());
  }

  /** {@code unit_amount_digits}: the decimals of a charge's unit amount; null for the default. */
  private static Long unitAmountDigits(YamlMap top) {
    Long digits = top.integer("unit_amount_digits", false);
    if (digits != null && (digits < 0 || digits > 12)) {
      top.problem(
          top.value("unit_amount_digits"),
          "unit_amount_digits must be between 0 and 12, got " + digits);
      return null;
    }
    return digits;
  }

  /** An audience from the lists under {@code key}; everyone when absent. */
  private Audience audience(YamlMap parent, String key, String where, boolean oneKind) {
    if (!parent.has(key)) {
      return Audience.EVERYONE;
    }
    YamlMap map =
        YamlMap.read(parent.keyNode(key), parent.value(key), where, problems, AUDIENCE_KEYS);
    if (map == null) {
      return Audience.EVERYONE;
    }
    return audienceOf(map, oneKind);
  }

  private Audience audienceOf(YamlMap map, boolean oneKind) {
    Set<String> plans = setOf(map.strings("plans"));
    Set<String> segments = setOf(map.strings("segments"));
    Set<String> accounts = setOf(map.strings("accounts"));
    int kinds =
        (plans.isEmpty() ? 0 : 1) + (segments.isEmpty() ? 0 : 1) + (accounts.isEmpty() ? 0 : 1);
    if (kinds == 0 && oneKind) {
      map.problem(map.keyNode("plans"), "lists nobody; remove applies_to for a public price list");
    } else if (kinds > 1 && oneKind) {
      map.problem(
          map.keyNode("plans"),
          "name only one of plans, segments or accounts, so the list has one "
              + "specificity; split it into one rule set per kind");
    }
    return new Audience(plans, segments, accounts);
  }

  private static Set<String> setOf(List<String> names) {
    return names == null ? Set.of() : Set.copyOf(names);
  }

  private Map<String, MeterRule> meters(YamlMap top) {
    Map<String, MeterRule> meters = new LinkedHashMap<>();
    if (!top.has("meters") && (top.has("recurring_fees") || top.has("minimum_spend"))) {
      return meters; // a plan's fee or minimum needs no meter
    }
    if (!top.require("meters")) {
      return meters;
    }
    Node node = top.value("meters");
    if (!(node instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
      top.problem(
          node, "meters must map each meter name to its price, and name at least one meter");
      return meters;
    }
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problems.at(tuple.getKeyNode(), "meters: meter names must be plain names");
        continue;
      }
      String name = key.getValue();
      if (!seen.add(name)) {
        problems.at(key, "meters: meter '" + name + "' is defined twice");
        continue;
      }
      if (name.startsWith("~") || name.startsWith("fee:") || name.equals("minimum_spend")) {
        // the names of what the job charges by the period: a meter of that name would share
        // their state and charges
        problems.at(
            key,
            "meters: meter '"
                + name
                + "' is a reserved name (names starting with '~' or 'fee:', and"
                + " 'minimum_spend', name fees and true-ups)");
        continue;
      }
      MeterRule rule = meter(name, key, tuple.getValueNode());
      if (rule != null) {
        meters.put(name, rule);
      }
    }
    return meters;
  }

  private MeterRule meter(String name, Node key, Node value) {
    String where = "meter '" + name + "'";
    YamlMap m = YamlMap.read(key, value, where, problems, METER_KEYS);
    if (m == null) {
      return null;
    }
    String unit = m.string("unit", true);
    Aggregation aggregation =
        m.choice("aggregation", true, "aggregation", AGGREGATIONS, Aggregation::yamlName);
    String unique = m.string("unique_attribute", false);
    if (aggregation == Aggregation.UNIQUE_COUNT && unique == null && !m.has("unique_attribute")) {
      m.problem(
          m.keyNode("aggregation"),
          "aggregation unique_count needs unique_attribute, the event attribute "
              + "whose distinct values are counted");
    } else if (aggregation != null && aggregation != Aggregation.UNIQUE_COUNT && unique != null) {
      m.problem(
          m.keyNode("unique_attribute"),
          "unique_attribute is only used by aggregation unique_count, not "
              + aggregation.yamlName());
    }
    BillingPeriod period = period(m);
    BigDecimal cap = cap(m);

    List<Dimension> dimensions = dimensions(m, aggregation);
    Tariff fallback = null;
    if (m.has("price")) {
      fallback = prices.tariff(m.keyNode("price"), m.value("price"), where + " price", aggregation);
    } else if (!m.has("dimensions")) {
      m.problem(
          m.keyNode("price"),
          "has no price; give price, or dimensions (with price as the default)");
    }
    recurring(name, m, aggregation, fallback);
    if (unit == null
        || aggregation == null
        || period == null
        || dimensions == null
        || m.has("price") && fallback == null
        || m.has("cap") && cap == null) {
      return null;
    }
    return new MeterRule(name, unit, aggregation, unique, period, dimensions, fallback, cap);
  }

  /**
   * The meter's {@code cap} per period, or null (absent or invalid): money the charges can reach
   * exactly, so no finer than the currency's minor unit.
   */
  private BigDecimal cap(YamlMap m) {
    BigDecimal cap = m.nonNegative("cap", false);
    if (cap != null && money != null && cap.stripTrailingZeros().scale() > money.digits()) {
      m.problem(
          m.value("cap"),
          "cap "
              + cap.toPlainString()
              + " is finer than the minor unit of "
              + money.currency()
              + " ("
              + money.digits()
              + " digits); the charges stop exactly at the cap, so write it in whole minor units");
      return null;
    }
    BigDecimal largest = BigDecimal.valueOf(Long.MAX_VALUE, money == null ? 0 : money.digits());
    if (cap != null && money != null && cap.compareTo(largest) > 0) {
      m.problem(
          m.value("cap"),
          "cap "
              + cap.toPlainString()
              + " is more than minor units of "
              + money.currency()
              + " can hold (at most "
              + largest.toPlainString()
              + ")");
      return null;
    }
    return cap;
  }

  private BillingPeriod period(YamlMap m) {
    Node node = m.value("period");
    if (node == null) {
      return new BillingPeriod.CalendarMonth();
    }
    if (node instanceof ScalarNode scalar && scalar.getValue().trim().equals("calendar_month")) {
      return new BillingPeriod.CalendarMonth();
    }
    if (node instanceof MappingNode) {
      YamlMap p =
          YamlMap.read(
              m.keyNode("period"),
              node,
              m.where() + " period",
              problems,
              List.of("type", "anchor_day"));
      String type = p.string("type", true);
      if ("calendar_month".equals(type) && !p.has("anchor_day")) {
        return new BillingPeriod.CalendarMonth();
      }
      if ("anniversary".equals(type)) {
        Long day = p.integer("anchor_day", true);
        if (day != null && (day < 1 || day > 31)) {
          p.problem(
              p.value("anchor_day"),
              "anchor_day must be a day of the month from 1 to 31, got " + day);
          return null;
        }
        return day == null ? null : new BillingPeriod.Anniversary(day.intValue());
      }
      if (type == null) {
        return null;
      }
    }
    m.problem(
        node, "unknown period; expected calendar_month, or {type: anniversary, anchor_day: 1-31}");
    return null;
  }

  /**
   * Whether the meter is recurring (its count carries across periods, its quantities are changes):
   * then it needs aggregation sum and one per_unit, graduated or volume price, and may say how it
   * is prorated. Records a valid recurring meter's proration.
   */
  private void recurring(String name, YamlMap m, Aggregation aggregation, Tariff price) {
    String flag = m.string("recurring", false);
    boolean recurring = "true".equals(flag);
    if (flag != null && !recurring && !"false".equals(flag)) {
      m.problem(m.value("recurring"), "recurring must be true or false, got '" + flag + "'");
      return;
    }
    if (!recurring) {
      if (m.written("proration")) {
        m.problem(
            m.keyNode("proration"),
            "proration applies only to recurring meters; add recurring: true or remove it");
      }
      return;
    }
    Proration proration =
        m.has("proration")
            ? m.choice("proration", false, "proration", PRORATIONS, Proration::yamlName)
            : Proration.DAY;
    boolean valid = proration != null;
    if (aggregation != null && aggregation != Aggregation.SUM) {
      m.problem(
          m.keyNode("recurring"),
          "a recurring meter needs aggregation sum (its quantities change the count held: +3, -1),"
              + " not "
              + aggregation.yamlName());
      valid = false;
    }
    if (m.written("dimensions")) {
      m.problem(
          m.keyNode("dimensions"),
          "a recurring meter has one price for the units held; dimensions are not allowed");
      valid = false;
    }
    if (price instanceof Tariff.Windowed) {
      m.problem(
          m.keyNode("price"),
          "a recurring meter has one price for the units held; time windows are not allowed");
      valid = false;
    } else if (price instanceof Tariff.Single single
        && !RECURRING_MODELS.contains(single.model().name())) {
      m.problem(
          m.keyNode("price"),
          "a recurring meter is priced "
              + String.join(", ", RECURRING_MODELS)
              + ", not "
              + single.model().name());
      valid = false;
    }
    if (valid) {
      recurringMeters.put(name, proration);
    }
  }

  /** The rule set's recurring fees (per period, in advance, pro rata on plan changes). */
  private List<RecurringFee> recurringFees(YamlMap top) {
    List<RecurringFee> fees = new ArrayList<>();
    List<Node> items = top.list("recurring_fees", false);
    if (items == null) {
      return fees;
    }
    if (items.isEmpty() && top.value("recurring_fees") instanceof SequenceNode) {
      top.problem(top.value("recurring_fees"), "recurring_fees must list at least one fee");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      YamlMap f = YamlMap.read(item, item, "recurring fee " + (i + 1), problems, FEE_KEYS);
      if (f == null) {
        continue;
      }
      String id = f.string("id", true);
      if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        f.problem(
            f.value("id"),
            "fee id '" + id + "' may only contain letters, digits, '.', '_' and '-'");
        id = null;
      } else if (id != null && !ids.add(id)) {
        f.problem(f.value("id"), "fee id '" + id + "' is used twice");
        id = null;
      }
      String description = f.string("description", false);
      BigDecimal amount = f.nonNegative("amount", true);
      BillingPeriod period = period(f);
      Proration proration =
          f.has("proration")
              ? f.choice("proration", false, "proration", PRORATIONS, Proration::yamlName)
              : Proration.DAY;
      if (id != null && amount != null && period != null && proration != null) {
        fees.add(new RecurringFee(id, description, amount, period, proration));
      }
    }
    return fees;
  }

  /** The minimum spend per period, or null when the rule set sets none. */
  private MinimumSpend minimumSpend(YamlMap top) {
    YamlMap m = top.map("minimum_spend", "minimum_spend", List.of("amount", "period"));
    if (m == null) {
      return null;
    }
    BigDecimal amount = m.nonNegative("amount", true);
    BillingPeriod period = period(m);
    return amount == null || period == null ? null : new MinimumSpend(amount, period);
  }

  /** The dimensions, or null when any is invalid. */
  private List<Dimension> dimensions(YamlMap m, Aggregation aggregation) {
    List<Node> items = m.list("dimensions", false);
    if (items == null) {
      return List.of();
    }
    if (items.isEmpty() && m.value("dimensions") instanceof SequenceNode) {
      m.problem(m.value("dimensions"), "dimensions must list at least one dimension");
      return null;
    }
    List<Dimension> dimensions = new ArrayList<>();
    Map<Map<String, String>, Integer> seen = new LinkedHashMap<>();
    boolean valid = !items.isEmpty();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = m.where() + ", dimension " + (i + 1);
      YamlMap d = YamlMap.read(item, item, where, problems, List.of("match", "price"));
      if (d == null) {
        valid = false;
        continue;
      }
      Map<String, String> match = match(d);
      Tariff tariff =
          d.require("price")
              ? prices.tariff(d.keyNode("price"), d.value("price"), where + " price", aggregation)
              : null;
      if (match != null) {
        Integer earlier = seen.putIfAbsent(match, i + 1);
        if (earlier != null) {
          d.problem(
              d.keyNode("match"),
              "matches the same attributes as dimension " + earlier + ", so it would never apply");
          match = null;
        }
      }
      if (match == null || tariff == null) {
        valid = false;
      } else {
        dimensions.add(new Dimension(match, tariff));
      }
    }
    return valid ? dimensions : null;
  }

  private Map<String, String> match(YamlMap d) {
    if (!d.require("match")) {
      return null;
    }
    YamlMap match =
        YamlMap.read(d.keyNode("match"), d.value("match"), d.where() + " match", problems, null);
    if (match == null) {
      return null;
    }
    Map<String, String> result = new TreeMap<>();
    for (String key : match.keys()) {
      String value = match.string(key, true);
      if (value == null) {
        return null;
      }
      result.put(key, value);
    }
    if (result.isEmpty()) {
      d.problem(
          d.keyNode("match"),
          "match must name at least one attribute; use the meter's price as the default");
      return null;
    }
    return result;
  }

  private List<Promotion> promotions(YamlMap top, Set<String> meters) {
    List<Node> items = top.list("promotions", false);
    List<Promotion> promotions = new ArrayList<>();
    if (items == null) {
      return promotions;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      YamlMap p =
          YamlMap.read(
              item,
              item,
              "promotion " + (i + 1),
              problems,
              List.of(
                  "id",
                  "label",
                  "meters",
                  "percent_off",
                  "amount_off",
                  "from",
                  "to",
                  "plans",
                  "segments",
                  "accounts"));
      if (p == null) {
        continue;
      }
      String id = p.string("id", true);
      if (id != null && !ids.add(id)) {
        p.problem(p.value("id"), "promotion id '" + id + "' is used twice");
      }
      String label = p.has("label") ? p.string("label", false) : id;
      List<String> promoMeters = p.strings("meters");
      if (promoMeters != null) {
        for (String meter : promoMeters) {
          if (!meters.contains(meter)) {
            p.problem(p.value("meters"), "meter '" + meter + "' is not priced by this rule set");
          }
        }
      }
      BigDecimal percent = p.percent("percent_off", false);
      BigDecimal amount = p.nonNegative("amount_off", false);
      if (p.has("percent_off") == p.has("amount_off")) {
        p.problem(item, "give exactly one of percent_off or amount_off");
      }
      Instant from = p.instant("from", false);
      Instant to = p.instant("to", false);
      if (from != null && to != null && !to.isAfter(from)) {
        p.problem(p.value("to"), "to " + to + " must be after from " + from);
      }
      Audience audience = audienceOf(p, false);
      if (id != null && (percent != null || amount != null)) {
        promotions.add(
            new Promotion(
                id,
                label == null ? id : label,
                setOf(promoMeters),
                percent,
                amount,
                from,
                to,
                audience));
      }
    }
    return promotions;
  }
}

package io.rateflow.pricing;

import io.rateflow.yaml.YamlMap;
import io.rateflow.yaml.YamlProblems;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads and validates the {@code price} of a meter: a model, or time windows each with a model. */
final class PriceReader {
  static final List<String> MODELS =
      List.of(
          "per_unit",
          "graduated",
          "volume",
          "package",
          "percentage",
          "graduated_percentage",
          "dynamic");
  private static final List<String> DAY_NAMES =
      List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

  private final YamlProblems problems;

  PriceReader(YamlProblems problems) {
    this.problems = problems;
  }

  /**
   * A tariff, or null when invalid (problems reported). {@code aggregation} may be null if invalid.
   */
  Tariff tariff(Node anchor, Node node, String where, Aggregation aggregation) {
    if (node instanceof MappingNode m
        && m.getValue().stream()
            .anyMatch(
                t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals("windows"))) {
      YamlMap map = YamlMap.read(anchor, node, where, problems, List.of("windows"));
      return map == null ? null : windows(map, aggregation);
    }
    PriceModel model = model(anchor, node, where, aggregation);
    return model == null ? null : new Tariff.Single(model);
  }

  private Tariff windows(YamlMap map, Aggregation aggregation) {
    List<Node> items = map.list("windows", true);
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      map.problem(map.value("windows"), "windows must list at least one window");
      return null;
    }
    boolean[] covered = new boolean[MINUTES_PER_WEEK];
    List<TimeWindow> windows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      YamlMap w =
          YamlMap.read(
              item,
              item,
              map.where() + ", window " + (i + 1),
              problems,
              List.of("name", "days", "from", "to", "price"));
      if (w == null) {
        valid = false;
        continue;
      }
      String name = w.string("name", true);
      String where = name == null ? w.where() : map.where() + ", window '" + name + "'";
      if (name != null && !names.add(name)) {
        w.problem(w.value("name"), "window name '" + name + "' is used twice");
      }
      Set<DayOfWeek> days = days(w, where);
      LocalTime from = time(w, "from", where);
      LocalTime to = time(w, "to", where);
      if (from == null && w.has("from") || to == null && w.has("to")) {
        valid = false;
      }
      from = from == null ? LocalTime.MIDNIGHT : from;
      if (to != null && to.equals(LocalTime.MIDNIGHT)) {
        to = null; // "24:00" and "00:00" as an end both mean the end of the day
      }
      if (to != null && !from.isBefore(to)) {
        problems.at(
            w.keyNode("to"),
            where
                + ": from "
                + from
                + " must be before to "
                + to
                + "; split a window that crosses midnight into two");
        valid = false;
        continue;
      }
      PriceModel model =
          w.require("price")
              ? model(w.keyNode("price"), w.value("price"), where, aggregation)
              : null;
      if (days == null || model == null) {
        valid = false;
        continue;
      }
      TimeWindow window = new TimeWindow(name, days, from, to, model);
      if (!coverNew(covered, window)) {
        problems.at(
            item, where + ": never applies, because earlier windows already cover all its times");
        valid = false;
      }
      windows.add(window);
    }
    if (!valid) {
      return null;
    }
    String gap = firstGap(covered);
    if (gap != null) {
      map.problem(
          map.keyNode("windows"),
          "windows leave "
              + gap
              + " uncovered; cover the whole week, or end with a default window without days, from and to");
      return null;
    }
    return new Tariff.Windowed(windows);
  }

  private Set<DayOfWeek> days(YamlMap w, String where) {
    List<String> names = w.strings("days");
    if (names == null) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    boolean valid = true;
    for (String name : names) {
      DayOfWeek day = dayOf(name);
      if (day == null) {
        problems.at(
            w.value("days"),
            where
                + ": unknown day '"
                + name
                + "'; expected one of "
                + String.join(", ", DAY_NAMES)
                + " (or full names)");
        valid = false;
      } else {
        days.add(day);
      }
    }
    if (valid && days.isEmpty()) {
      problems.at(w.value("days"), where + ": days must list at least one day");
      valid = false;
    }
    return valid ? days : null;
  }

  private static DayOfWeek dayOf(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
        return day;
      }
    }
    return null;
  }

  private LocalTime time(YamlMap w, String key, String where) {
    String text = w.string(key, false);
    if (text == null) {
      return null;
    }
    if (text.equals("24:00") && key.equals("to")) {
      return LocalTime.MIDNIGHT;
    }
    if (text.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
      return LocalTime.parse(text);
    }
    problems.at(
        w.value(key),
        where + ": " + key + " '" + text + "' is not a time of day HH:mm between 00:00 and 24:00");
    return null;
  }

  /**
   * Marks the window's minutes of the week; false when it adds none (shadowed by earlier windows).
   */
  private static boolean coverNew(boolean[] covered, TimeWindow window) {
    boolean added = false;
    for (DayOfWeek day : window.days()) {
      int base = (day.getValue() - 1) * 24 * 60;
      for (int m = window.startMinute(); m < window.endMinute(); m++) {
        added |= !covered[base + m];
        covered[base + m] = true;
      }
    }
    return added;
  }

  private static String firstGap(boolean[] covered) {
    for (int start = 0; start < MINUTES_PER_WEEK; start++) {
      if (!covered[start]) {
        int end = start;
        int dayEnd = (start / 1440 + 1) * 1440;
        while (end < dayEnd && !covered[end]) {
          end++;
        }
        return DAY_NAMES.get(start / 1440)
            + " "
            + hhmm(start % 1440)
            + "-"
            + hhmm(end - start / 1440 * 1440);
      }
    }
    return null;
  }

  private static String hhmm(int minuteOfDay) {
    return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
  }

  /** A price model, or null when invalid (problems reported). */
  PriceModel model(Node anchor, Node node, String where, Aggregation aggregation) {
    YamlMap probe = YamlMap.read(anchor, node, where, new YamlProblems(""), null);
    if (probe == null) {
      problems.at(
          node == null ? anchor : node, where + ": expected a price: a mapping with a model");
      return null;
    }
    String name = probe.string("model", false);
    if (name == null) {
      problems.at(
          anchor,
          where + ": missing required key 'model' (one of " + String.join(", ", MODELS) + ")");
      return null;
    }
    if (!MODELS.contains(name)) {
      problems.at(
          probe.value("model"),
          where + ": unknown model '" + name + "'; expected one of " + String.join(", ", MODELS));
      return null;
    }
    List<String> keys =
        switch (name) {
          case "per_unit" -> List.of("model", "unit_price");
          case "graduated", "volume", "graduated_percentage" -> List.of("model", "tiers");
          case "package" -> List.of("model", "block_size", "block_price", "free_units");
          case "percentage" ->
              List.of(
                  "model", "rate", "fixed_fee", "free_events", "free_units", "minimum", "maximum");
          default -> List.of("model", "markup_percent");
        };
    YamlMap m = YamlMap.read(anchor, node, where + " (" + name + ")", problems, keys);
    return switch (name) {
      case "per_unit" -> {
        BigDecimal price = m.nonNegative("unit_price", true);
        yield price == null ? null : new PerUnitModel(price);
      }
      case "graduated" -> {
        List<Tier> tiers = tiers(m, "unit_price");
        yield tiers == null ? null : GraduatedModel.ofUnits(tiers);
      }
      case "volume" -> {
        List<Tier> tiers = tiers(m, "unit_price");
        yield tiers == null ? null : new VolumeModel(tiers);
      }
      case "graduated_percentage" -> {
        if (aggregation != null && aggregation != Aggregation.SUM) {
          m.problem(
              m.value("model"),
              "graduated_percentage prices the period's cumulative value, "
                  + "so the meter's aggregation must be sum, not "
                  + aggregation.yamlName());
        }
        List<Tier> tiers = tiers(m, "rate");
        yield tiers == null || aggregation != Aggregation.SUM
            ? null
            : GraduatedModel.ofValue(tiers);
      }
      case "package" -> packageModel(m);
      case "percentage" -> percentage(m, aggregation);
      default -> {
        BigDecimal markup = m.nonNegative("markup_percent", false);
        yield m.has("markup_percent") && markup == null
            ? null
            : new DynamicModel(markup == null ? BigDecimal.ZERO : markup);
      }
    };
  }

  private static PriceModel packageModel(YamlMap m) {
    BigDecimal size = m.positive("block_size", true);
    BigDecimal price = m.nonNegative("block_price", true);
    BigDecimal free = m.nonNegative("free_units", false);
    if (size == null || price == null || free == null && m.has("free_units")) {
      return null;
    }
    return new PackageModel(size, price, free == null ? BigDecimal.ZERO : free);
  }

  private static PriceModel percentage(YamlMap m, Aggregation aggregation) {
    BigDecimal rate = m.percent("rate", true);
    BigDecimal fee = m.nonNegative("fixed_fee", false);
    BigDecimal min = m.nonNegative("minimum", false);
    BigDecimal max = m.nonNegative("maximum", false);
    BigDecimal allowance = null;
    boolean valid =
        rate != null
            && (fee != null || !m.has("fixed_fee"))
            && (min != null || !m.has("minimum"))
            && (max != null || !m.has("maximum"));
    boolean both = m.has("free_events") && m.has("free_units");
    Long freeEvents = null;
    if (m.has("free_events")) {
      Long events = m.integer("free_events", false);
      if (events != null && events < 0) {
        m.problem(m.value("free_events"), "free_events must not be negative, got " + events);
        events = null;
      }
      if (both && aggregation != null && aggregation != Aggregation.SUM) {
        m.problem(
            m.keyNode("free_events"),
            "free_events with free_units needs the meter's aggregation to be sum "
                + "(free_units are its quantity; events are counted apart), not "
                + aggregation.yamlName());
        events = null;
      } else if (!both && aggregation != null && aggregation != Aggregation.COUNT) {
        m.problem(
            m.keyNode("free_events"),
            "free_events needs the meter's aggregation to be count "
                + "(the event's number in the period), not "
                + aggregation.yamlName()
                + "; use free_units for a free quantity");
        events = null;
      }
      valid &= events != null;
      if (both) {
        freeEvents = events;
      } else {
        allowance = events == null ? null : BigDecimal.valueOf(events);
      }
    }
    if (m.has("free_units")) {
      allowance = m.nonNegative("free_units", false);
      if (!both
          && aggregation != null
          && aggregation != Aggregation.SUM
          && aggregation != Aggregation.COUNT) {
        m.problem(
            m.keyNode("free_units"),
            "free_units needs the meter's aggregation to be sum or count, not "
                + aggregation.yamlName());
        allowance = null;
      }
      valid &= allowance != null;
    }
    if (min != null && max != null && min.compareTo(max) > 0) {
      m.problem(
          m.keyNode("minimum"),
          "minimum " + min.toPlainString() + " must not exceed maximum " + max.toPlainString());
      valid = false;
    }
    return valid
        ? new PercentageModel(
            rate, fee == null ? BigDecimal.ZERO : fee, allowance, freeEvents, min, max)
        : null;
  }

  /**
   * Tiers, validated: contiguous from 0, strictly ascending, only the last unbounded. {@code
   * rateKey} is unit_price (a price per unit) or rate (a percentage of value).
   */
  private List<Tier> tiers(YamlMap m, String rateKey) {
    List<Node> items = m.list("tiers", true);
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      m.problem(m.value("tiers"), "tiers must list at least one tier");
      return null;
    }
    List<Tier> tiers = new ArrayList<>();
    BigDecimal previousEnd = BigDecimal.ZERO;
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      int number = i + 1;
      boolean last = number == items.size();
      YamlMap t =
          YamlMap.read(
              items.get(i),
              items.get(i),
              m.where() + ", tier " + number,
              problems,
              List.of("from", "up_to", rateKey, "flat_fee"));
      if (t == null) {
        valid = false;
        continue;
      }
      BigDecimal from = t.decimal("from", false);
      BigDecimal upTo = t.decimal("up_to", false);
      BigDecimal rate =
          rateKey.equals("rate") ? t.percent("rate", true) : t.nonNegative(rateKey, true);
      BigDecimal fee = t.nonNegative("flat_fee", false);
      valid &= rate != null && (fee != null || !t.has("flat_fee"));
      if (from != null && previousEnd != null && from.compareTo(previousEnd) != 0) {
        String reason =
            number == 1
                ? "from " + from.toPlainString() + ": the first tier must start at 0"
                : from.compareTo(previousEnd) < 0
                    ? "from "
                        + from.toPlainString()
                        + " overlaps tier "
                        + i
                        + ", which ends at "
                        + previousEnd.toPlainString()
                    : "from "
                        + from.toPlainString()
                        + " leaves a gap after tier "
                        + i
                        + ", which ends at "
                        + previousEnd.toPlainString()
                        + "; tiers must be contiguous";
        t.problem(t.value("from"), reason);
        valid = false;
      }
      if (upTo == null && !last) {
        if (!t.has("up_to")) {
          t.problem(items.get(i), "only the last tier may be unbounded; give this tier an up_to");
        }
        valid = false;
      } else if (upTo != null && last) {
        t.problem(
            t.value("up_to"),
            "the last tier must be unbounded (no up_to), so that any usage has a price");
        valid = false;
      } else if (upTo != null && previousEnd != null && upTo.compareTo(previousEnd) <= 0) {
        t.problem(
            t.value("up_to"),
            "up_to "
                + upTo.toPlainString()
                + " must be above "
                + (number == 1 ? "0" : "tier " + i + "'s up_to " + previousEnd.toPlainString())
                + "; tiers ascend");
        valid = false;
      }
      if (valid) {
        tiers.add(
            new Tier(
                number,
                previousEnd,
                upTo,
                rateKey.equals("rate") ? rate.movePointLeft(2) : rate,
                fee == null ? BigDecimal.ZERO : fee));
      }
      previousEnd = upTo;
    }
    return valid ? tiers : null;
  }
}

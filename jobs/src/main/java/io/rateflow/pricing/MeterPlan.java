package io.rateflow.pricing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A {@link MeterRule} with what pricing an event needs worked out once per rule set instead of once
 * per event: the dimensions' labels, and for every tariff its models with the label prefix of their
 * breakdown lines. Picks the same dimension and window as {@link MeterRule#resolve} and {@link
 * Tariff#choose}, without allocating.
 */
final class MeterPlan {
  /** The model for an event, with the breakdown label prefix its dimension and window give. */
  record Pick(PriceModel model, String labelPrefix) {}

  /** The price of one dimension (or the default): one pick, or one per time window. */
  static final class Route {
    private final Pick single;
    private final TimeWindow[] windows;
    private final Pick[] windowPicks;

    Route(String dimension, Tariff tariff) {
      String prefix = dimension.isEmpty() ? "" : dimension + " / ";
      if (tariff instanceof Tariff.Windowed windowed) {
        single = null;
        windows = windowed.windows().toArray(TimeWindow[]::new);
        windowPicks = new Pick[windows.length];
        for (int i = 0; i < windows.length; i++) {
          String window = windows[i].name();
          windowPicks[i] =
              new Pick(windows[i].model(), window.isEmpty() ? prefix : prefix + window + " / ");
        }
      } else {
        single = new Pick(((Tariff.Single) tariff).model(), prefix);
        windows = null;
        windowPicks = null;
      }
    }

    /**
     * The model in force at {@code time} in {@code zone}: the first window containing it; null if
     * none.
     */
    Pick choose(Instant time, ZoneId zone) {
      if (single != null) {
        return single;
      }
      // The local day of week and time of day, as time.atZone(zone) gives them, without building
      // it.
      long local = time.getEpochSecond() + zone.getRules().getOffset(time).getTotalSeconds();
      long epochDay = Math.floorDiv(local, 86_400L);
      long nanoOfDay = Math.floorMod(local, 86_400L) * 1_000_000_000L + time.getNano();
      DayOfWeek day =
          DayOfWeek.of((int) Math.floorMod(epochDay + 3, 7L) + 1); // 1970-01-01 was a Thursday
      for (int i = 0; i < windows.length; i++) {
        if (windows[i].contains(day, nanoOfDay)) {
          return windowPicks[i];
        }
      }
      return null;
    }
  }

  private final MeterRule rule;
  private final MeterCap cap;
  private final Dimension[] dimensions;
  private final Route[] routes;
  private final Route defaultRoute;

  MeterPlan(MeterRule rule, Money money) {
    this.rule = rule;
    this.cap = rule.cap() == null ? null : MeterCap.of(rule.cap(), money);
    List<Dimension> dims = rule.dimensions();
    dimensions = dims.toArray(Dimension[]::new);
    routes = new Route[dimensions.length];
    for (int i = 0; i < dimensions.length; i++) {
      routes[i] = new Route(dimensions[i].label(), dimensions[i].tariff());
    }
    defaultRoute = rule.defaultTariff() == null ? null : new Route("", rule.defaultTariff());
  }

  MeterRule rule() {
    return rule;
  }

  /** The meter's cap per period, or null. */
  MeterCap cap() {
    return cap;
  }

  /**
   * The route for an event's attributes: the matching dimension with the most keys; among equally
   * specific matches the first in the document; else the default; null when there is none.
   */
  Route resolve(Map<String, String> attributes) {
    int best = -1;
    for (int i = 0; i < dimensions.length; i++) {
      if (dimensions[i].matches(attributes)
          && (best < 0 || dimensions[i].match().size() > dimensions[best].match().size())) {
        best = i;
      }
    }
    return best >= 0 ? routes[best] : defaultRoute;
  }
}

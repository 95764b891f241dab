package io.rateflow.pricing;

import java.util.Map;
import java.util.stream.Collectors;

/** A price that applies to events whose attributes have all the given values, e.g. region=eu. */
record Dimension(Map<String, String> match, Tariff tariff) {

  boolean matches(Map<String, String> attributes) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      if (!e.getValue().equals(attributes.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  String label() {
    return match.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}

package io.rateflow.pricing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How a recurring item's period is divided when its count changes mid-period: in whole local days
 * of the account's zone (a change on day 10 of a 30-day month leaves 21 of 30 days), or in seconds
 * (a DST month then has an hour more or less).
 */
enum Proration {
  DAY,
  SECOND;

  String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The length of the period [start, end) in this proration's units. */
  long length(Instant start, Instant end, ZoneId zone) {
    return offset(start, end, zone);
  }

  /**
   * Where {@code at} falls in the period starting at {@code start}: the local date's distance from
   * the period's first date (days; so 23:30 local on the 9th belongs to the 9th), or the seconds
   * elapsed.
   */
  long offset(Instant start, Instant at, ZoneId zone) {
    if (this == SECOND) {
      return Duration.between(start, at).getSeconds();
    }
    LocalDate first = start.atZone(zone).toLocalDate();
    return ChronoUnit.DAYS.between(first, at.atZone(zone).toLocalDate());
  }
}

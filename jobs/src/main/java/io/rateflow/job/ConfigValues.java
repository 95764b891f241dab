package io.rateflow.job;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Typed, strict reading of a configuration file's values: every error names the file and the key
 * and says what would be accepted. Each read removes the key, so what is left at the end is
 * unknown.
 */
final class ConfigValues {
  private final Map<String, String> values;
  private final String where;

  ConfigValues(Map<String, String> values, String where) {
    this.values = values;
    this.where = where;
  }

  String text(String key, String dflt) {
    String v = values.remove(key);
    return v == null || v.isEmpty() ? dflt : v;
  }

  /** An ISO-8601 instant (e.g. 2026-12-01T00:00:00Z); empty or absent gives {@code dflt}. */
  java.time.Instant instant(String key, java.time.Instant dflt) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return java.time.Instant.parse(v.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          where
              + ": "
              + key
              + " '"
              + v
              + "' is not an ISO-8601 instant (e.g. 2026-12-01T00:00:00Z)");
    }
  }

  /** Only {@code true} or {@code false}: "yes", "1" or a typo must not silently mean false. */
  boolean bool(String key, boolean dflt) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    return parseBoolean(v, key, where);
  }

  /** A whole number of at least {@code min}. */
  int integer(String key, int dflt, int min) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    return parseInt(v, key, min, where);
  }

  /** A decimal greater than zero. */
  BigDecimal positiveDecimal(String key, BigDecimal dflt) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    BigDecimal d;
    try {
      d = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": " + key + "=" + v + " is not a number (write it like 1000000000)");
    }
    if (d.signum() <= 0) {
      throw new IllegalArgumentException(
          where + ": " + key + "=" + v + " must be greater than zero");
    }
    return d;
  }

  /** A duration greater than zero: a zero timeout or interval would stop the job from working. */
  Duration positiveDuration(String key, Duration dflt) {
    Duration d = duration(key, dflt);
    if (d != null && (d.isZero() || d.isNegative())) {
      throw new IllegalArgumentException(
          where + ": " + key + " must be greater than zero, got " + d);
    }
    return d;
  }

  /** A duration of zero or more (zero lateness or skew is a legitimate, strict choice). */
  Duration nonNegativeDuration(String key, Duration dflt) {
    Duration d = duration(key, dflt);
    if (d.isNegative()) {
      throw new IllegalArgumentException(where + ": " + key + " must not be negative, got " + d);
    }
    return d;
  }

  private Duration duration(String key, Duration dflt) {
    String v = values.remove(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return RatingConfig.parseDuration(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          where
              + ": "
              + key
              + "="
              + v
              + " is not a duration (use 500ms, 30s, 5m, 2h, 7d or PT30S)");
    }
  }

  static boolean parseBoolean(String v, String key, String where) {
    return switch (v.trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              prefix(where) + key + "=" + v + " must be true or false");
    };
  }

  static int parseInt(String v, String key, int min, String where) {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prefix(where) + key + "=" + v + " is not a whole number");
    }
    if (n < min) {
      throw new IllegalArgumentException(
          prefix(where) + key + "=" + v + " must be at least " + min);
    }
    return n;
  }

  static long parseLong(String v, String key, long min, String where) {
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prefix(where) + key + "=" + v + " is not a whole number");
    }
    if (n < min) {
      throw new IllegalArgumentException(
          prefix(where) + key + "=" + v + " must be at least " + min);
    }
    return n;
  }

  private static String prefix(String where) {
    return where == null ? "" : where + ": ";
  }
}

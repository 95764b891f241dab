package io.rateflow.pricing;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Shared builders for pricing tests: accounts, usages, inline rule documents, the rules directory.
 */
final class Fixtures {
  static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
  static final AccountContext USD_ACCOUNT = account("acc-1", "pro", "smb", "USD");

  private Fixtures() {}

  static AccountContext account(String id, String plan, String segment, String currency) {
    return new AccountContext(id, plan, segment, currency, ZoneOffset.UTC);
  }

  static AccountContext account(String id, String currency, ZoneId zone) {
    return new AccountContext(id, "pro", "smb", currency, zone);
  }

  static Usage usage(String meter, String quantity) {
    return usage(meter, quantity, Instant.parse("2026-03-10T12:00:00Z"), Map.of());
  }

  static Usage usage(String meter, String quantity, Instant time, Map<String, String> attributes) {
    return new Usage(
        "evt-" + quantity, meter, new BigDecimal(quantity), time, attributes, null, null);
  }

  static Usage valued(String meter, String quantity, String value) {
    return new Usage(
        "evt-v" + value,
        meter,
        new BigDecimal(quantity),
        Instant.parse("2026-03-10T12:00:00Z"),
        Map.of(),
        value == null ? null : new BigDecimal(value),
        null);
  }

  /**
   * A rule document for one meter: the header lines plus {@code meterYaml} indented under meters.
   */
  static String document(String currencyAndOptions, String meterYaml) {
    return "id: test\nversion: 1\neffective_from: 2026-01-01T00:00:00Z\n"
        + currencyAndOptions
        + "\nmeters:\n"
        + meterYaml.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }

  static RuleSet parse(String document) {
    try {
      return RuleParser.parse(document, "test.yaml");
    } catch (RuleValidationException e) {
      throw new AssertionError(
          "rule document should be valid:\n" + String.join("\n", e.problems()), e);
    }
  }

  /** The repository's pricing-rules directory, found upwards from the build's working directory. */
  static Path rulesDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("pricing-rules"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no pricing-rules directory above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("pricing-rules");
  }

  static RatingResult.Priced priced(RatingResult result) {
    if (result instanceof RatingResult.Priced p) {
      return p;
    }
    throw new AssertionError("expected a price, got " + result);
  }

  /**
   * Prices the quantities one after another in one period, returning the charges in minor units.
   */
  static long[] charges(RuleSet rules, AccountContext account, String meter, String... quantities) {
    long[] charges = new long[quantities.length];
    MeterAggregate agg = null;
    for (int i = 0; i < quantities.length; i++) {
      RatingResult.Priced p = priced(rules.rate(account, usage(meter, quantities[i]), agg));
      charges[i] = p.amountMinor();
      agg = p.after();
    }
    return charges;
  }
}

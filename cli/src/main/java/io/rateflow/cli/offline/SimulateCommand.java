package io.rateflow.cli.offline;

import io.rateflow.avro.Charge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rateflow simulate}: what a price change does to revenue, before it goes live. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Compares revenue under new rules with revenue under the current ones.",
      "Prices the same usage under new and baseline rules (the offline rating pipeline, twice) and",
      "prints revenue per meter and segment, old vs new, with the change."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--rules", required = true, description = "The new rules (file or directory).")
  Path rules;

  @Option(names = "--baseline", required = true, description = "The rules in force today.")
  Path baseline;

  @picocli.CommandLine.Mixin OfflineInputs inputs = new OfflineInputs();

  @Override
  public Integer call() throws Exception {
    try {
      return simulate();
    } catch (OfflineInputError e) {
      System.err.println("simulate: " + e.getMessage());
      return 2;
    }
  }

  private Integer simulate() throws Exception {
    Map<String, BigDecimal> before = revenue(inputs.rate(baseline));
    Map<String, BigDecimal> after = revenue(inputs.rate(rules));
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    System.out.printf(
        "%-22s %-12s %-4s %16s %16s %16s %8s%n",
        "METER", "SEGMENT", "CUR", "BASELINE", "NEW", "CHANGE", "%");
    for (String k : keys) {
      String[] p = k.split("\t");
      BigDecimal old = before.getOrDefault(k, BigDecimal.ZERO);
      BigDecimal neu = after.getOrDefault(k, BigDecimal.ZERO);
      BigDecimal change = neu.subtract(old);
      String pct =
          old.signum() == 0
              ? "n/a"
              : change
                  .multiply(BigDecimal.valueOf(100))
                  .divide(old, 1, RoundingMode.HALF_EVEN)
                  .toPlainString();
      System.out.printf(
          "%-22s %-12s %-4s %16s %16s %16s %8s%n",
          p[0],
          p[1],
          p[2],
          old.toPlainString(),
          neu.toPlainString(),
          (change.signum() > 0 ? "+" : "") + change.toPlainString(),
          pct);
    }
    return 0;
  }

  /** Exact revenue per (meter, segment, currency). */
  static Map<String, BigDecimal> revenue(OfflineRating.Result r) {
    Map<String, BigDecimal> m = new TreeMap<>();
    for (Charge c : r.charges()) {
      m.merge(
          c.getMeter() + "\t" + c.getSegment() + "\t" + c.getCurrency(),
          BigDecimal.valueOf(c.getAmountMinor(), c.getCurrencyDigits()),
          BigDecimal::add);
    }
    return m;
  }
}

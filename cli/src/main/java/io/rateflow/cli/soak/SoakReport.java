package io.rateflow.cli.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The soak's verdict: what was injected, what was committed against the reference, and whether it
 * all holds ({@code verified}).
 *
 * @param reference how the reference was computed: {@code "domain engine"} or {@code "uninterrupted
 *     run"}
 */
public record SoakReport(
    long events,
    int accounts,
    long seed,
    Map<String, Integer> inputsByKind,
    int failuresRequested,
    Map<String, Integer> failuresInjected,
    List<SoakRun.Fault> faults,
    String reference,
    long rated,
    long rejected,
    boolean accounted,
    String problem,
    long chargesCommitted,
    long chargesReference,
    long triggersReference,
    long journalEntriesReference,
    List<String> referenceErrors,
    Comparison comparison,
    double soakSeconds,
    double referenceSeconds) {

  static SoakReport of(
      long events,
      int accounts,
      long seed,
      SoakTraffic traffic,
      int requested,
      SoakRun.Result run,
      Outcome reference,
      String referenceKind,
      double referenceSeconds) {
    Map<String, Integer> injected = new TreeMap<>();
    for (FaultKind k : FaultKind.values()) {
      injected.put(k.key(), 0);
    }
    run.faults().stream()
        .filter(SoakRun.Fault::injected)
        .forEach(f -> injected.merge(f.kind().key(), 1, Integer::sum));
    return new SoakReport(
        events,
        accounts,
        seed,
        new TreeMap<>(traffic.inputsByKind()),
        requested,
        injected,
        run.faults(),
        referenceKind,
        run.rated(),
        run.rejected(),
        run.accounted(),
        run.problem(),
        run.outcome().chargeCopies().size(),
        reference.chargeCopies().size(),
        reference.triggerCopies().size(),
        reference.journalCopies().size(),
        List.copyOf(reference.poison()),
        Comparison.of(run.outcome(), reference),
        run.seconds(),
        referenceSeconds);
  }

  public int failuresInjectedTotal() {
    return failuresInjected.values().stream().mapToInt(Integer::intValue).sum();
  }

  public long duplicates() {
    return Comparison.total(comparison.duplicates());
  }

  public long missing() {
    return Comparison.total(comparison.missing());
  }

  public long unexpected() {
    return Comparison.total(comparison.unexpected());
  }

  public long amountDifference() {
    return Comparison.total(comparison.amountDifference());
  }

  /**
   * Every event accounted for, every requested fault injected, and the output equal to the
   * reference: nothing doubled, missing or unexpected, amounts and final balances equal.
   */
  public boolean verified() {
    return accounted
        && failuresInjectedTotal() == failuresRequested
        && comparison.holds()
        && chargesReference > 0
        && referenceErrors.isEmpty();
  }

  public void print(PrintStream out) {
    out.printf("%nSoak: %,d events over %,d accounts, seed %d%n", events, accounts, seed);
    out.printf(
        "  faults     %d of %d injected: %s%n",
        failuresInjectedTotal(), failuresRequested, failuresInjected);
    out.printf(
        "  events     %,d rated + %,d rejected = %,d of %,d%s%n",
        rated, rejected, rated + rejected, events, problem.isEmpty() ? "" : " (" + problem + ")");
    out.printf(
        "  reference  %s: %,d charges, %,d triggers, %,d journal entries%n",
        reference, chargesReference, triggersReference, journalEntriesReference);
    if (!referenceErrors.isEmpty()) {
      out.printf(
          "  POISON     the domain core throws on %,d inputs (the job fails on each of them too), e.g. %s%n",
          referenceErrors.size(), referenceErrors.get(0));
    }
    out.printf("  committed  %,d charge ids%n", chargesCommitted);
    out.printf("  duplicates %,d %s%n", duplicates(), comparison.duplicates());
    out.printf("  missing    %,d %s%n", missing(), comparison.missing());
    out.printf("  unexpected %,d %s%n", unexpected(), comparison.unexpected());
    out.printf(
        "  amounts    difference %,d minor units %s%n",
        amountDifference(), comparison.amountDifference());
    out.printf(
        "  balances   %s (%,d accounts compared, %,d differ)%n",
        comparison.balancesEqual() ? "equal" : "DIFFERENT",
        comparison.balancesCompared(),
        comparison.balancesDiffering());
    comparison.examples().forEach((k, v) -> out.printf("  e.g.       %s: %s%n", k, v));
    out.printf("  time       soak %.1f s, reference %.1f s%n", soakSeconds, referenceSeconds);
    out.printf("  verified   %s%n", verified());
  }

  public void writeJson(Path file) throws IOException {
    StringBuilder b = new StringBuilder("{\n");
    field(b, "events", events);
    field(b, "accounts", accounts);
    field(b, "seed", seed);
    field(b, "inputs_by_kind", json(inputsByKind));
    field(b, "failures_requested", failuresRequested);
    field(b, "failures_injected", json(failuresInjected));
    field(
        b,
        "faults",
        faults.stream()
            .map(
                f ->
                    String.format(
                        java.util.Locale.ROOT,
                        "{\"kind\": \"%s\", \"injected\": %s, \"at_event\": %d, \"recovery_s\": %.1f, \"detail\": %s}",
                        f.kind().key(),
                        f.injected(),
                        f.atEvent(),
                        f.recoverySeconds(),
                        quote(f.detail())))
            .collect(Collectors.joining(", ", "[", "]")));
    field(b, "reference", quote(reference));
    field(b, "rated", rated);
    field(b, "rejected", rejected);
    field(b, "accounted", accounted);
    field(b, "problem", quote(problem));
    field(b, "charges_committed", chargesCommitted);
    field(b, "charges_reference", chargesReference);
    field(b, "triggers_reference", triggersReference);
    field(b, "journal_entries_reference", journalEntriesReference);
    field(b, "reference_errors", referenceErrors.size());
    field(
        b,
        "reference_error_examples",
        referenceErrors.stream()
            .limit(5)
            .map(SoakReport::quote)
            .collect(Collectors.joining(", ", "[", "]")));
    field(b, "duplicates", duplicates());
    field(b, "duplicates_by_kind", json(comparison.duplicates()));
    field(b, "missing", missing());
    field(b, "missing_by_kind", json(comparison.missing()));
    field(b, "unexpected", unexpected());
    field(b, "unexpected_by_kind", json(comparison.unexpected()));
    field(b, "amount_difference", json(comparison.amountDifference()));
    field(b, "balances_equal", comparison.balancesEqual());
    field(b, "balances_compared", comparison.balancesCompared());
    field(b, "balances_differing", comparison.balancesDiffering());
    field(
        b,
        "examples",
        comparison.examples().entrySet().stream()
            .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}")));
    field(b, "soak_s", String.format(java.util.Locale.ROOT, "%.1f", soakSeconds));
    field(b, "reference_s", String.format(java.util.Locale.ROOT, "%.1f", referenceSeconds));
    b.append("  \"verified\": ").append(verified()).append("\n}\n");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, b.toString());
  }

  private static void field(StringBuilder b, String name, Object value) {
    b.append("  \"").append(name).append("\": ").append(value).append(",\n");
  }

  private static String json(Map<String, ? extends Number> map) {
    return map.entrySet().stream()
        .map(e -> quote(e.getKey()) + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}

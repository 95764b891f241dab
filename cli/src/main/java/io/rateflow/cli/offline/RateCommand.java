package io.rateflow.cli.offline;

import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.Home;
import io.rateflow.pricing.ChargeKind;
import java.io.BufferedWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./rateflow rate}: rates files offline with the streaming job's code. */
@Command(
    name = "rate",
    mixinStandardHelpOptions = true,
    description = {
      "Rates JSON Lines usage files offline, as the streaming job would.",
      "Runs the same pipeline as the streaming job, in Flink BATCH mode, and writes charges.jsonl and",
      "rejected.jsonl (formats in the README).",
      "Re-rating the past is its purpose: events up to 100 years old or ahead of now are rated (the job's",
      "allowed.lateness and max.future.skew are both 100 years here), never TOO_LATE or FAR_FUTURE.",
      "A repeated event id of an account is charged once, for its first line; later copies are DUPLICATE.",
      "A bad line (not UTF-8, not one JSON object, a duplicate key) is rejected as MALFORMED with file:line."
    })
public final class RateCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      required = true,
      description =
          "Rule set file, or a directory of them (subdirectories too; JSON Schemas, promotions and charts are left out).")
  Path rules;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @picocli.CommandLine.Mixin OfflineInputs inputs = new OfflineInputs();

  @Option(
      names = "--previous",
      description = {
        "charges.jsonl of an earlier run over the same events: also write",
        "adjustments.jsonl, the journal entries that book only the differences (re-rating a past period)."
      })
  Path previous;

  @Option(
      names = "--chart-of-accounts",
      defaultValue = "pricing-rules/chart-of-accounts",
      description = "Chart of accounts for --previous (default ${DEFAULT-VALUE}).")
  Path chartOfAccounts;

  @Option(
      names = "--revision",
      defaultValue = "rerate",
      description = "Names this re-rating; adjustment ids derive from it.")
  String revision;

  @Override
  public Integer call() throws Exception {
    try {
      return rate();
    } catch (OfflineInputError e) {
      System.err.println("rate: " + e.getMessage());
      return 2;
    }
  }

  private Integer rate() throws Exception {
    // every input and the output directory are checked before minutes of rating, not after
    prepareOutput(out);
    if (previous != null && !Files.isRegularFile(previous)) {
      throw new OfflineInputError(
          "--previous " + previous + " is not a file; give the charges.jsonl of an earlier run");
    }
    OfflineRating.Result r = inputs.rate(rules);
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("charges.jsonl"))) {
      for (Charge c : r.charges()) {
        w.write(JsonLines.charge(c));
        w.newLine();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("rejected.jsonl"))) {
      for (RejectedEvent e : r.rejected()) {
        // the original line, not the internal Avro form, so the file can be fixed and re-run
        long line = e.getSourceOffset();
        if (e.getSourceTopic().equals(inputs.events.getFileName().toString())
            && line >= 1
            && line <= r.eventLines().size()) {
          e.setPayload(
              ByteBuffer.wrap(r.eventLines().get((int) line - 1).getBytes(StandardCharsets.UTF_8)));
        }
        w.write(JsonLines.rejected(e));
        w.newLine();
      }
    }
    if (previous != null) {
      int adjustments =
          Rerating.write(
              previous,
              r.charges(),
              Home.resolve(chartOfAccounts),
              revision,
              out.resolve("adjustments.jsonl"));
      System.out.printf(
          "re-rating against %s: %d adjusting entries -> %s%n",
          previous, adjustments, out.resolve("adjustments.jsonl"));
    }
    long eventsIn = r.eventLines().stream().filter(l -> !l.isBlank()).count();
    long rejectedEvents =
        r.rejected().stream()
            .filter(e -> e.getSourceTopic().equals(inputs.events.getFileName().toString()))
            .count();
    long rated =
        r.charges().stream()
            .filter(c -> ChargeKind.ratesAnEvent(c.getChargeKind()))
            .map(c -> c.getAccountId() + "/" + c.getEventId())
            .distinct()
            .count();
    long periodCharges =
        r.charges().stream().filter(c -> !ChargeKind.ratesAnEvent(c.getChargeKind())).count();
    System.out.printf(
        "events %d, charged %d, rejected %d%s -> %s%n",
        eventsIn,
        rated,
        rejectedEvents,
        periodCharges == 0
            ? ""
            : ", and " + periodCharges + " period charges (period starts, fees, true-ups)",
        out);
    return eventsIn == rated + rejectedEvents ? 0 : 1;
  }

  /** Creates the output directory, or says why it cannot be one. */
  static void prepareOutput(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new OfflineInputError(
          "--out " + out + " is an existing file; name a directory (it is created if missing)");
    }
    try {
      Files.createDirectories(out);
    } catch (java.io.IOException e) {
      throw new OfflineInputError("--out " + out + " cannot be created: " + e);
    }
    if (!Files.isWritable(out)) {
      throw new OfflineInputError("--out " + out + " is not writable");
    }
  }
}

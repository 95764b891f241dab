package io.rateflow.cli.run;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The summary of a run: printed for people, written as JSON for machines. */
public record Report(
    long eventsIn,
    long rated,
    long rejected,
    Map<String, Long> rejectedByReason,
    long charges,
    long duplicateChargeIds,
    Map<String, BigDecimal> amountByCurrency,
    Map<String, BigDecimal> amountByMeter,
    double elapsedSeconds,
    Map<String, Long> triggersByKind,
    Map<String, BigDecimal> balanceMovements,
    long commandsSent,
    long commandsApplied,
    long customerTopUps,
    long duplicateTriggerIds,
    long journalEntries,
    Boolean ledgerTiesOut,
    long chargesAwaitingDayClose,
    Map<String, BigDecimal> revenueByProduct) {

  public static Report of(long eventsIn, OutputTally t, double elapsedSeconds) {
    return new Report(
        eventsIn,
        t.rated(),
        t.rejectedEvents(),
        Map.copyOf(t.rejectedByReason()),
        t.charges(),
        t.duplicateChargeIds(),
        t.amountByCurrency(),
        t.amountByMeter(),
        elapsedSeconds,
        Map.of(),
        Map.of(),
        0,
        0,
        0,
        0,
        0,
        null,
        0,
        Map.of());
  }

  /** The same report with the balances side: triggers, movements, commands. */
  public Report withBalances(
      Map<String, Long> triggers,
      Map<String, BigDecimal> movements,
      long sent,
      long applied,
      long topUps,
      long duplicateTriggers) {
    return new Report(
        eventsIn,
        rated,
        rejected,
        rejectedByReason,
        charges,
        duplicateChargeIds,
        amountByCurrency,
        amountByMeter,
        elapsedSeconds,
        Map.copyOf(triggers),
        Map.copyOf(movements),
        sent,
        applied,
        topUps,
        duplicateTriggers,
        journalEntries,
        ledgerTiesOut,
        chargesAwaitingDayClose,
        revenueByProduct);
  }

  /**
   * The same report with the ERP/GL side: entries on the GL export (daily summaries and one per
   * balance movement), reconciliation, charges of days not closed yet in event time (no difference:
   * their summaries are exported when the day closes), revenue by product.
   */
  public Report withLedger(
      long entries, boolean tiesOut, long awaitingDayClose, Map<String, BigDecimal> revenue) {
    return new Report(
        eventsIn,
        rated,
        rejected,
        rejectedByReason,
        charges,
        duplicateChargeIds,
        amountByCurrency,
        amountByMeter,
        elapsedSeconds,
        triggersByKind,
        balanceMovements,
        commandsSent,
        commandsApplied,
        customerTopUps,
        duplicateTriggerIds,
        entries,
        tiesOut,
        awaitingDayClose,
        Map.copyOf(revenue));
  }

  /** Nothing lost, nothing twice. */
  public boolean reconciles() {
    return eventsIn == rated + rejected
        && duplicateChargeIds == 0
        && duplicateTriggerIds == 0
        && commandsApplied == commandsSent
        && !Boolean.FALSE.equals(ledgerTiesOut);
  }

  public double eventsPerSecond() {
    return elapsedSeconds > 0 ? eventsIn / elapsedSeconds : 0;
  }

  public void print(PrintStream out) {
    out.println();
    out.printf("  events in    %,12d%n", eventsIn);
    out.printf("  rated        %,12d%n", rated);
    out.printf("  rejected     %,12d%n", rejected);
    new java.util.TreeMap<>(rejectedByReason)
        .forEach((k, v) -> out.printf("    %-20s %,8d%n", k, v));
    out.printf(
        "  reconciles   %s (events in %s rated + rejected; %d duplicate charge ids)%n",
        reconciles() ? "yes" : "NO",
        eventsIn == rated + rejected ? "==" : "!=",
        duplicateChargeIds);
    out.printf("  charges      %,12d%n", charges);
    out.println("  amount by currency");
    amountByCurrency.forEach(
        (k, v) -> out.printf("    %-4s %,20.4f%n".replace(".4f", "." + v.scale() + "f"), k, v));
    out.println("  amount by meter");
    amountByMeter.forEach(
        (k, v) -> {
          String[] mc = k.split(" ");
          out.printf("    %-18s %-4s %,16." + v.scale() + "f%n", mc[0], mc[1], v);
        });
    if (commandsSent > 0) {
      out.printf(
          "  balance commands %,d sent, %,d applied (%,d top-ups by customers reacting to advice of charge)%n",
          commandsSent, commandsApplied, customerTopUps);
      out.println("  triggers by kind");
      new java.util.TreeMap<>(triggersByKind)
          .forEach((k, v) -> out.printf("    %-30s %,8d%n", k, v));
      out.println("  balance movements (+ credit added, - drawn down)");
      new java.util.TreeMap<>(balanceMovements)
          .forEach((k, v) -> out.printf("    %-30s %16s%n", k, v.toPlainString()));
    }
    out.printf(
        "  throughput   %,.0f events/s (%,d events in %.1f s, job start to last commit)%n",
        eventsPerSecond(), eventsIn, elapsedSeconds);
  }

  public void writeJson(Path file) throws IOException {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"events_in\": ").append(eventsIn).append(",\n");
    b.append("  \"rated\": ").append(rated).append(",\n");
    b.append("  \"rejected\": ").append(rejected).append(",\n");
    b.append("  \"rejected_by_reason\": ").append(json(rejectedByReason, false)).append(",\n");
    b.append("  \"charges\": ").append(charges).append(",\n");
    b.append("  \"duplicate_charge_ids\": ").append(duplicateChargeIds).append(",\n");
    b.append("  \"reconciles\": ").append(reconciles()).append(",\n");
    b.append("  \"amount_by_currency\": ").append(json(amountByCurrency, true)).append(",\n");
    b.append("  \"amount_by_meter\": ").append(json(amountByMeter, true)).append(",\n");
    b.append("  \"triggers_by_kind\": ").append(json(triggersByKind, false)).append(",\n");
    b.append("  \"balance_movements\": ").append(json(balanceMovements, true)).append(",\n");
    b.append("  \"balance_commands_sent\": ").append(commandsSent).append(",\n");
    b.append("  \"balance_commands_applied\": ").append(commandsApplied).append(",\n");
    b.append("  \"customer_top_ups\": ").append(customerTopUps).append(",\n");
    b.append("  \"journal_entries\": ").append(journalEntries).append(",\n");
    b.append("  \"ledger_ties_out\": ").append(ledgerTiesOut).append(",\n");
    b.append("  \"charges_awaiting_day_close\": ").append(chargesAwaitingDayClose).append(",\n");
    b.append("  \"revenue_by_product\": ").append(json(revenueByProduct, true)).append(",\n");
    b.append("  \"elapsed_s\": ").append(String.format("%.3f", elapsedSeconds)).append(",\n");
    b.append("  \"events_per_s\": ")
        .append(String.format("%.1f", eventsPerSecond()))
        .append("\n}\n");
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, b.toString());
  }

  /** Decimals are strings, so no JSON reader turns money into a float. */
  private static String json(Map<String, ?> map, boolean quoteValues) {
    StringBuilder b = new StringBuilder("{");
    Iterator<? extends Map.Entry<String, ?>> it =
        new java.util.TreeMap<>(map).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ?> e = it.next();
      Object v = e.getValue() instanceof BigDecimal d ? d.toPlainString() : e.getValue();
      b.append('"').append(e.getKey()).append("\": ").append(quoteValues ? "\"" + v + "\"" : v);
      if (it.hasNext()) {
        b.append(", ");
      }
    }
    return b.append('}').toString();
  }
}

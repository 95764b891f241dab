package io.rateflow.ledger;

import java.util.List;

/**
 * The result of a reconciliation: every cell with both sides, in a stable order.
 *
 * @param lines every cell that either side touched
 */
public record ReconciliationReport(List<ReconciliationLine> lines) {

  public ReconciliationReport {
    lines = List.copyOf(lines);
  }

  /** True when the journal matches the facts in every cell. */
  public boolean isBalanced() {
    return lines.stream().allMatch(ReconciliationLine::isBalanced);
  }

  /** The cells that differ. */
  public List<ReconciliationLine> differences() {
    return lines.stream().filter(l -> !l.isBalanced()).toList();
  }

  /** A readable report: a verdict, then each difference on its own line. */
  @Override
  public String toString() {
    List<ReconciliationLine> diffs = differences();
    if (diffs.isEmpty()) {
      return "reconciliation balanced: " + lines.size() + " cells agree";
    }
    StringBuilder out =
        new StringBuilder(
            "reconciliation found "
                + diffs.size()
                + " difference"
                + (diffs.size() == 1 ? "" : "s")
                + " in "
                + lines.size()
                + " cells:");
    diffs.forEach(d -> out.append("\n  ").append(d));
    return out.toString();
  }
}

package io.rateflow.cli.run;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal; on a pipe or in CI (no console), a line every 10% so logs
 * stay readable.
 */
public final class Progress {
  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private int lastDecile = -1;

  public Progress(String label, long total, PrintStream out) {
    this.label = label;
    this.total = Math.max(1, total);
    this.out = out;
    this.terminal = System.console() != null && System.getenv("CI") == null;
  }

  public void update(long done) {
    double fraction = Math.min(1.0, done / (double) total);
    double seconds = (System.nanoTime() - started) / 1e9;
    String rate = seconds > 0 ? String.format("%,.0f/s", done / seconds) : "";
    if (terminal) {
      int width = 30;
      int filled = (int) (fraction * width);
      out.printf(
          "\r  %s [%s%s] %3.0f%%  %,d/%,d  %s   ",
          label, "#".repeat(filled), ".".repeat(width - filled), fraction * 100, done, total, rate);
      out.flush();
    } else {
      int decile = (int) (fraction * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        out.printf("  %s %3d%%  %,d/%,d  %s%n", label, decile * 10, done, total, rate);
      }
    }
  }

  public void finish() {
    if (terminal) {
      out.println();
    }
  }
}

package io.rateflow.cli.offline;

import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.job.JournalRerating;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-rating a past period: compares each charge line of a new rating with the same line (same
 * deterministic charge id) of an earlier one and books only the difference — never a second full
 * charge. A line that exists on one side only is compared with a zero line.
 */
final class Rerating {
  private Rerating() {}

  static int write(Path previousFile, List<Charge> current, Path charts, String revision, Path out)
      throws Exception {
    ChartBook book = ChartBook.of();
    for (Path f : io.rateflow.cli.rules.RuleLoader.list(charts)) {
      book = book.with(ChartOfAccountsParser.parse(f));
    }
    JournalRerating rerating = new JournalRerating(book);
    Map<String, Charge> before = new LinkedHashMap<>();
    for (String line : Files.readAllLines(previousFile)) {
      if (!line.isBlank()) {
        Charge c = JsonLines.chargeFrom(line);
        before.put(c.getChargeId(), c);
      }
    }
    Map<String, Charge> after = new LinkedHashMap<>();
    current.forEach(c -> after.put(c.getChargeId(), c));
    int written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      for (String id : union(before, after)) {
        Charge old = before.getOrDefault(id, zero(after.get(id)));
        Charge now = after.getOrDefault(id, zero(before.get(id)));
        Optional<JournalEntry> entry = rerating.rerate(old, now, revision);
        if (entry.isPresent()) {
          w.write(JsonLines.journalEntry(entry.get()));
          w.newLine();
          written++;
        }
      }
    }
    return written;
  }

  private static Iterable<String> union(Map<String, Charge> a, Map<String, Charge> b) {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(a.keySet());
    ids.addAll(b.keySet());
    return ids;
  }

  /** The same line with nothing charged: the other side of a line that appeared or disappeared. */
  private static Charge zero(Charge like) {
    return Charge.newBuilder(like).setAmountMinor(0L).build();
  }
}

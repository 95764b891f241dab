package io.rateflow.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nets journal lines per (role, GL account, dimensions): what summaries and re-rating differences
 * are made of. Output order is fixed by the key, not by arrival, so the same lines in any order
 * give the same entry (replays and late data included). Sums use exact arithmetic: overflow throws.
 */
final class LineTotals {

  private record Key(PostingRole role, String glAccount, Dimensions dims) {}

  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::role)
          .thenComparing(Key::glAccount)
          .thenComparing(k -> k.dims().legalEntity())
          .thenComparing(k -> k.dims().customer())
          .thenComparing(k -> k.dims().product())
          .thenComparing(k -> k.dims().region());

  /** Net debit (debit minus credit) per key. */
  private final Map<Key, Long> netDebit = new TreeMap<>(ORDER);

  /** Adds the lines with their sides as they are ({@code sign} 1) or swapped ({@code sign} -1). */
  LineTotals add(List<JournalLine> lines, int sign) {
    for (JournalLine line : lines) {
      long net = sign > 0 ? line.netDebitMinor() : Math.negateExact(line.netDebitMinor());
      netDebit.merge(
          new Key(line.role(), line.glAccount(), line.dimensions()), net, Math::addExact);
    }
    return this;
  }

  /** Adds one net debit (negative for a credit) to a key, as the state codec restores it. */
  LineTotals add(PostingRole role, String glAccount, Dimensions dims, long netDebitMinor) {
    netDebit.merge(new Key(role, glAccount, dims), netDebitMinor, Math::addExact);
    return this;
  }

  /** What {@link #forEach} hands over: one key's net debit. */
  interface Visitor {
    void line(PostingRole role, String glAccount, Dimensions dims, long netDebitMinor);
  }

  /** Every non-zero total in key order, without building lines (the state codec's path). */
  void forEach(Visitor visitor) {
    for (Map.Entry<Key, Long> e : netDebit.entrySet()) {
      long net = e.getValue();
      if (net != 0) {
        Key k = e.getKey();
        visitor.line(k.role(), k.glAccount(), k.dims(), net);
      }
    }
  }

  /** How many keys have a non-zero total. */
  int size() {
    int n = 0;
    for (long net : netDebit.values()) {
      if (net != 0) {
        n++;
      }
    }
    return n;
  }

  /** The non-zero totals as lines numbered from 1, debits and credits interleaved in key order. */
  List<JournalLine> toLines() {
    List<JournalLine> lines = new ArrayList<>();
    for (Map.Entry<Key, Long> e : netDebit.entrySet()) {
      long net = e.getValue();
      if (net == 0) {
        continue;
      }
      Key k = e.getKey();
      int no = lines.size() + 1;
      lines.add(
          net > 0
              ? JournalLine.debit(no, k.role(), k.glAccount(), net, k.dims())
              : JournalLine.credit(no, k.role(), k.glAccount(), Math.negateExact(net), k.dims()));
    }
    return lines;
  }
}

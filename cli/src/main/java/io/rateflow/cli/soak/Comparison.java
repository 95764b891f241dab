package io.rateflow.cli.soak;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The committed output against the reference: ids doubled, missing or unexpected (charges,
 * triggers, journal entries), the absolute amount differences per currency, and the accounts whose
 * final balances differ.
 *
 * <p>The GL export is compared at its grain: the ids of first entries (each day's first summary,
 * each balance movement's entry) must match one for one; reversals and replacement summaries depend
 * on when the watermark closed a day in the run, so they are compared by what they add up to: per
 * first summary, the chain's net lines must equal the reference's (a difference counts under {@code
 * journal <currency>} in the amount differences).
 */
public record Comparison(
    Map<String, Long> duplicates,
    Map<String, Long> missing,
    Map<String, Long> unexpected,
    Map<String, Long> amountDifference,
    long balancesCompared,
    long balancesDiffering,
    Map<String, String> examples) {

  public static Comparison of(Outcome committed, Outcome reference) {
    Map<String, Long> duplicates = new TreeMap<>();
    Map<String, Long> missing = new TreeMap<>();
    Map<String, Long> unexpected = new TreeMap<>();
    Map<String, Long> difference = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    ids(
        "charges",
        committed.chargeCopies(),
        reference.chargeCopies(),
        duplicates,
        missing,
        unexpected,
        examples);
    ids(
        "triggers",
        committed.triggerCopies(),
        reference.triggerCopies(),
        duplicates,
        missing,
        unexpected,
        examples);
    ids(
        "journal_entries",
        roots(committed),
        roots(reference),
        duplicates,
        missing,
        unexpected,
        examples);
    committed
        .journalCopies()
        .forEach(
            (id, copies) -> {
              if (copies > 1 && committed.journalOriginals().containsKey(id)) {
                duplicates.merge("journal_entries", (long) copies - 1, Long::sum);
                examples.putIfAbsent("duplicate journal_entries", id + " x" + copies);
              }
            });
    journalAmounts(committed, reference, difference, examples);
    drillDown(committed, reference, unexpected, examples);

    // A charge missing or unexpected differs by its whole amount; one in both by the difference.
    Set<String> chargeIds = new HashSet<>(committed.charges().keySet());
    chargeIds.addAll(reference.charges().keySet());
    for (String id : chargeIds) {
      Outcome.Amount c = committed.charges().get(id);
      Outcome.Amount r = reference.charges().get(id);
      // a doubled charge is charged twice: its copies count as a difference too
      long copies = committed.chargeCopies().getOrDefault(id, 0);
      if (c != null && (r == null || !c.currency().equals(r.currency()))) {
        difference.merge(c.currency(), Math.abs(c.minor()) * copies, Long::sum);
        if (r != null) {
          difference.merge(r.currency(), Math.abs(r.minor()), Long::sum);
        }
      } else if (c == null) {
        difference.merge(r.currency(), Math.abs(r.minor()), Long::sum);
      } else {
        long d = Math.abs(c.minor() - r.minor()) + Math.abs(c.minor()) * (copies - 1);
        if (d != 0) {
          examples.putIfAbsent(
              "amount_difference",
              id
                  + ": committed "
                  + c.minor()
                  + " "
                  + c.currency()
                  + " x"
                  + copies
                  + ", reference "
                  + r.minor()
                  + " "
                  + r.currency());
        }
        difference.merge(c.currency(), d, Long::sum);
      }
    }

    Set<String> accounts = new HashSet<>(committed.balances().keySet());
    accounts.addAll(reference.balances().keySet());
    long differing = 0;
    for (String account : accounts) {
      String c = committed.balances().get(account);
      String r = reference.balances().get(account);
      if (c == null || !c.equals(r)) {
        differing++;
        examples.putIfAbsent("balances", account + ": committed " + c + " / reference " + r);
      }
    }
    return new Comparison(
        duplicates, missing, unexpected, difference, accounts.size(), differing, examples);
  }

  private static void ids(
      String kind,
      Map<String, Integer> committed,
      Map<String, Integer> reference,
      Map<String, Long> duplicates,
      Map<String, Long> missing,
      Map<String, Long> unexpected,
      Map<String, String> examples) {
    long dup = 0;
    long miss = 0;
    long extra = 0;
    for (Map.Entry<String, Integer> e : committed.entrySet()) {
      if (e.getValue() > 1) {
        dup += e.getValue() - 1;
        examples.putIfAbsent("duplicate " + kind, e.getKey() + " x" + e.getValue());
      }
      if (!reference.containsKey(e.getKey())) {
        extra++;
        examples.putIfAbsent("unexpected " + kind, e.getKey());
      }
    }
    for (String id : reference.keySet()) {
      if (!committed.containsKey(id)) {
        miss++;
        examples.putIfAbsent("missing " + kind, id);
      }
    }
    duplicates.put(kind, dup);
    missing.put(kind, miss);
    unexpected.put(kind, extra);
  }

  /**
   * Copies of the entries that start a chain (no original): first summaries and movement entries.
   */
  private static Map<String, Integer> roots(Outcome o) {
    Map<String, Integer> roots = new TreeMap<>();
    o.journalCopies()
        .forEach(
            (id, copies) -> {
              if (!o.journalOriginals().containsKey(id)) {
                roots.put(id, copies);
              }
            });
    return roots;
  }

  /** Net lines per chain (a first summary with its reversals and replacements), cell by cell. */
  private static Map<String, Map<String, Long>> chains(Outcome o) {
    Map<String, Map<String, Long>> chains = new TreeMap<>();
    o.journalLines()
        .forEach(
            (id, cells) -> {
              Map<String, Long> chain =
                  chains.computeIfAbsent(o.journalRoot(id), r -> new TreeMap<>());
              cells.forEach((cell, net) -> chain.merge(cell, net, Math::addExact));
            });
    return chains;
  }

  private static void journalAmounts(
      Outcome committed,
      Outcome reference,
      Map<String, Long> difference,
      Map<String, String> examples) {
    Map<String, Map<String, Long>> c = chains(committed);
    Map<String, Map<String, Long>> r = chains(reference);
    Set<String> rootIds = new HashSet<>(c.keySet());
    rootIds.addAll(r.keySet());
    for (String root : rootIds) {
      Map<String, Long> cc = c.getOrDefault(root, Map.of());
      Map<String, Long> rc = r.getOrDefault(root, Map.of());
      Set<String> cells = new HashSet<>(cc.keySet());
      cells.addAll(rc.keySet());
      for (String cell : cells) {
        long d = Math.abs(cc.getOrDefault(cell, 0L) - rc.getOrDefault(cell, 0L));
        if (d != 0) {
          // the currency is the cell's first word
          difference.merge("journal " + cell.substring(0, cell.indexOf(' ')), d, Long::sum);
          examples.putIfAbsent(
              "journal amount",
              root + " " + cell + ": committed " + cc.get(cell) + ", reference " + rc.get(cell));
        }
      }
    }
  }

  /**
   * Every charge must name the summary it rolls into: the committed {@code journal_entry_id} (a
   * replacement when the run closed the day before the charge came) leads back to the same first
   * summary as the reference's. Counted under {@code charge_journal_entry_ids} as unexpected.
   */
  private static void drillDown(
      Outcome committed,
      Outcome reference,
      Map<String, Long> unexpected,
      Map<String, String> examples) {
    long differing = 0;
    Set<String> chargeIds = new HashSet<>(committed.chargeJournalIds().keySet());
    chargeIds.addAll(reference.chargeJournalIds().keySet());
    for (String chargeId : chargeIds) {
      String c = committed.chargeJournalIds().get(chargeId);
      String r = reference.chargeJournalIds().get(chargeId);
      String cRoot = c == null ? null : committed.journalRoot(c);
      String rRoot = r == null ? null : reference.journalRoot(r);
      if (!java.util.Objects.equals(cRoot, rRoot)) {
        differing++;
        examples.putIfAbsent(
            "charge journal_entry_id", chargeId + ": committed " + c + ", reference " + r);
      }
    }
    unexpected.put("charge_journal_entry_ids", differing);
  }

  static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balancesEqual() {
    return balancesDiffering == 0;
  }

  /** Nothing doubled, missing or unexpected, every amount and every final balance equal. */
  public boolean holds() {
    return total(duplicates) == 0
        && total(missing) == 0
        && total(unexpected) == 0
        && total(amountDifference) == 0
        && balancesEqual();
  }
}

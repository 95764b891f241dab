package io.rateflow.cli.soak;

import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.job.RatingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a run produced, in the terms the soak compares: every charge id with its amount, every
 * trigger and journal entry id with how often it appears, and each account's final balances.
 *
 * @param charges charge id → amount (the first copy, when an id appears twice)
 * @param chargeCopies charge id → how many times it was committed
 * @param chargeJournalIds charge id → the journal entry it rolls into ({@code journal_entry_id}),
 *     when set
 * @param triggerCopies trigger id → copies
 * @param journalCopies journal entry id (erp-gl-export) → copies
 * @param journalOriginals for a reversal or replacement summary, entry id → the id of the entry it
 *     reverses or replaces (so a day's summary chain can be followed back to its first summary)
 * @param journalLines entry id → net debit per currency, role, GL account and dimensions
 * @param balances account id → its last balance view, as a canonical string without its time stamp
 * @param poison inputs the domain core threw on (reference only): the job fails on each of them too
 */
public record Outcome(
    Map<String, Amount> charges,
    Map<String, Integer> chargeCopies,
    Map<String, String> chargeJournalIds,
    Map<String, Integer> triggerCopies,
    Map<String, Integer> journalCopies,
    Map<String, String> journalOriginals,
    Map<String, Map<String, Long>> journalLines,
    Map<String, String> balances,
    List<String> poison) {

  /** An amount in minor units of a currency. */
  public record Amount(long minor, String currency) {}

  /** An empty outcome to add records to (the reference builds one this way). */
  public static Outcome empty() {
    return new Outcome(
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new ArrayList<>());
  }

  /**
   * Reads what is committed on the run's output topics, read_committed, as a downstream system
   * would.
   */
  public static Outcome readCommitted(RatingConfig config) {
    String bootstrap = config.bootstrapServers();
    Duration timeout = Duration.ofMinutes(2);
    Outcome o = empty();
    TopicSnapshot.read(bootstrap, Map.of(), config.chargesTopic(), Charge.class, timeout)
        .forEach(o::addCharge);
    TopicSnapshot.read(
            bootstrap, Map.of(), config.triggersTopic(), PromotionTriggerRecord.class, timeout)
        .forEach(o::addTrigger);
    TopicSnapshot.read(bootstrap, Map.of(), config.journalTopic(), JournalEntry.class, timeout)
        .forEach(o::addJournalEntry);
    // One partition, in commit order: the last view of an account is its final state.
    TopicSnapshot.read(bootstrap, Map.of(), config.balancesTopic(), BalanceView.class, timeout)
        .forEach(o::setBalance);
    return o;
  }

  public void addCharge(Charge c) {
    charges.putIfAbsent(c.getChargeId(), new Amount(c.getAmountMinor(), c.getCurrency()));
    chargeCopies.merge(c.getChargeId(), 1, Integer::sum);
    if (c.getJournalEntryId() != null) {
      chargeJournalIds.putIfAbsent(c.getChargeId(), c.getJournalEntryId());
    }
  }

  public void addTrigger(PromotionTriggerRecord t) {
    triggerCopies.merge(t.getTriggerId(), 1, Integer::sum);
  }

  /** An entry of the GL export: its id, what it reverses or replaces, and its lines. */
  public void addJournalEntry(JournalEntry e) {
    addJournalEntryId(e.getEntryId());
    if (e.getOriginalEntryId() != null) {
      journalOriginals.put(e.getEntryId(), e.getOriginalEntryId());
    }
    Map<String, Long> cells = new TreeMap<>();
    for (io.rateflow.avro.JournalLine l : e.getLines()) {
      var d = l.getDimensions();
      String cell =
          e.getCurrency()
              + " "
              + l.getRole()
              + " "
              + l.getGlAccount()
              + " "
              + d.getLegalEntity()
              + "/"
              + d.getCustomer()
              + "/"
              + d.getProduct()
              + "/"
              + d.getRegion();
      cells.merge(cell, l.getDebitMinor() - l.getCreditMinor(), Math::addExact);
    }
    journalLines.putIfAbsent(e.getEntryId(), cells);
  }

  /**
   * The first entry of {@code entryId}'s chain: a day's first summary for its reversals and
   * replacements, the entry itself otherwise.
   */
  public String journalRoot(String entryId) {
    String id = entryId;
    for (int hops = 0;
        hops <= journalOriginals.size() && journalOriginals.containsKey(id);
        hops++) {
      id = journalOriginals.get(id);
    }
    return id;
  }

  public void addPoison(String what) {
    poison.add(what);
  }

  public void addJournalEntryId(String entryId) {
    journalCopies.merge(entryId, 1, Integer::sum);
  }

  /** Replaces the account's balances by this view. */
  public void setBalance(BalanceView v) {
    balances.put(v.getAccountId(), canonical(v));
  }

  /**
   * The view without {@code as_of} (when the view was made, which differs between runs), grants and
   * allowances in a fixed order.
   */
  static String canonical(BalanceView v) {
    String grants =
        v.getGrants().stream()
            .map(
                g ->
                    g.getGrantId()
                        + ":"
                        + g.getKind()
                        + ":"
                        + g.getRemainingMinor()
                        + ":"
                        + g.getPriority()
                        + ":"
                        + g.getExpiry())
            .sorted()
            .collect(Collectors.joining(","));
    String allowances =
        v.getAllowances().stream()
            .sorted(Comparator.comparing(a -> a.getMeter() + "@" + a.getPeriodStart()))
            .map(
                a ->
                    a.getMeter()
                        + ":"
                        + a.getLimit()
                        + ":"
                        + a.getUsed()
                        + ":"
                        + a.getPeriodStart())
            .collect(Collectors.joining(","));
    return v.getCurrency()
        + " prepaid="
        + v.getPrepaidMinor()
        + " promotional="
        + v.getPromotionalMinor()
        + " overdraft="
        + v.getOverdraftMinor()
        + " limit="
        + v.getCreditLimitMinor()
        + " grants=["
        + grants
        + "] allowances=["
        + allowances
        + "]";
  }

  /** Committed records in all: charges, triggers and journal entries, copies included. */
  public long records() {
    return sum(chargeCopies) + sum(triggerCopies) + sum(journalCopies);
  }

  private static long sum(Map<String, Integer> copies) {
    return copies.values().stream().mapToLong(Integer::longValue).sum();
  }
}

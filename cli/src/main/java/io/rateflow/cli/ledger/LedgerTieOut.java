package io.rateflow.cli.ledger;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionLine;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.job.LedgerMapping;
import io.rateflow.ledger.ChargeFact;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.Dimensions;
import io.rateflow.ledger.EntryKind;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.JournalLine;
import io.rateflow.ledger.LegalEntity;
import io.rateflow.ledger.MinorUnits;
import io.rateflow.ledger.MovementFact;
import io.rateflow.ledger.PostingRole;
import io.rateflow.ledger.Reconciliation;
import io.rateflow.ledger.ReconciliationLine;
import io.rateflow.ledger.ReconciliationReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ties one period's charges and balance movements to what the ledger exported, to the minor unit.
 *
 * <p>At {@link Grain#SUMMARY} (topic erp-gl-export) the journal side is the daily summaries net of
 * their reversals, the movements' own entries, and the late entries handed to an accountant on
 * erp-gl-corrections. A charge whose {@code journal_entry_id} is not on the export yet belongs to a
 * day that has not closed in event time: it is <em>awaiting day close</em>, left out of both sides
 * and counted, not a difference. At {@link Grain#DETAIL} (topic erp-gl-detail: one entry per
 * charge) every charge is on the journal as soon as it is rated; movements are not on that topic
 * and are left out.
 */
public final class LedgerTieOut {

  private LedgerTieOut() {}

  /** Which journal topic is being reconciled. */
  public enum Grain {
    /**
     * erp-gl-export: daily summaries, their reversals and replacements, one entry per rare fact.
     */
    SUMMARY,
    /** erp-gl-detail: one entry per charge (ledger.detail-entries=true). */
    DETAIL
  }

  /**
   * What one period's reconciliation found.
   *
   * @param lines the cells of the period, in report order
   * @param unpostable facts of the period the journal cannot contain (no chart, unknown legal
   *     entity, invalid): each is a gap in the GL
   * @param charges charges reconciled
   * @param movements movements reconciled
   * @param entries journal entries of the period read (corrections' late entries included)
   * @param awaitingCount per currency, charges whose day has not closed yet
   * @param awaitingMinor per currency, their amount in minor units
   * @param awaitingDays per currency, the first and last posting day of those charges
   * @param corrected late entries of the period on erp-gl-corrections, counted on the journal side
   */
  public record Result(
      List<ReconciliationLine> lines,
      List<String> unpostable,
      int charges,
      int movements,
      int entries,
      Map<Currency, Long> awaitingCount,
      Map<Currency, Long> awaitingMinor,
      Map<Currency, LocalDate[]> awaitingDays,
      int corrected) {

    /** True when every cell agrees and every fact could be posted (open days are no difference). */
    public boolean tiesOut() {
      return unpostable.isEmpty() && lines.stream().allMatch(ReconciliationLine::isBalanced);
    }

    /** Charges awaiting day close, in all currencies. */
    public long awaiting() {
      return awaitingCount.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * For example {@code awaiting day close: 12 charges, 3.45 USD (posting days 2026-01-15 to
     * 2026-01-16)}, one line per currency. A summary lost on its way would look the same, so the
     * days are named: one that should have closed long ago stands out.
     */
    public List<String> awaitingLines() {
      List<String> out = new ArrayList<>();
      awaitingCount.forEach(
          (currency, n) -> {
            LocalDate[] days = awaitingDays.get(currency);
            out.add(
                "awaiting day close: "
                    + n
                    + " charge"
                    + (n == 1 ? "" : "s")
                    + ", "
                    + MinorUnits.format(awaitingMinor.get(currency), currency)
                    + " ("
                    + (days[0].equals(days[1])
                        ? "posting day " + days[0]
                        : "posting days " + days[0] + " to " + days[1])
                    + ")");
          });
      return out;
    }
  }

  /**
   * Reconciles one period. Each charge counts once in its latest version (by charge id); charges
   * not BILLED and movements that are no journal fact of their own are left out, as the job does.
   */
  public static Result reconcile(
      ChartBook charts,
      YearMonth period,
      Grain grain,
      List<Charge> charges,
      List<BalanceMovementRecord> movements,
      List<io.rateflow.avro.JournalEntry> journal,
      List<CorrectionRecord> corrections) {
    List<JournalEntry> entries = new ArrayList<>();
    Set<String> onJournal = new HashSet<>();
    for (io.rateflow.avro.JournalEntry e : journal) {
      onJournal.add(e.getEntryId());
      if (YearMonth.parse(e.getPeriod()).equals(period)) {
        entries.add(LedgerMapping.fromAvro(e));
      }
    }
    int corrected = 0;
    if (grain == Grain.SUMMARY) {
      for (CorrectionRecord c : corrections) {
        JournalEntry late = lateEntry(c);
        if (late.period().equals(period)) {
          entries.add(late);
          corrected++;
        }
      }
    }
    Map<String, Charge> latest = new LinkedHashMap<>();
    charges.forEach(c -> latest.put(c.getChargeId(), c));
    List<ChargeFact> chargeFacts = new ArrayList<>();
    List<String> unpostable = new ArrayList<>();
    Map<Currency, Long> awaitingCount =
        new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
    Map<Currency, Long> awaitingMinor =
        new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
    Map<Currency, LocalDate[]> awaitingDays =
        new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
    for (Charge c : latest.values()) {
      if (!LedgerMapping.isBooked(c.getStatus())) {
        continue;
      }
      String what =
          "charge "
              + c.getChargeId()
              + " (account "
              + c.getAccountId()
              + ", event "
              + c.getEventId()
              + ")";
      try {
        ChargeFact f = LedgerMapping.chargeFact(c);
        Optional<YearMonth> p = periodOf(charts, f.eventTime(), f.legalEntity());
        if (p.isEmpty()) {
          if (utcMonth(f.eventTime()).equals(period)) {
            unpostable.add(
                what + ": no chart or legal entity '" + f.legalEntity() + "' at " + f.eventTime());
          }
        } else if (p.get().equals(period)) {
          String id = c.getJournalEntryId();
          if (grain == Grain.SUMMARY && id != null && !onJournal.contains(id)) {
            // its summary goes out when its day closes in event time: not yet a difference
            awaitingCount.merge(f.currency(), 1L, Long::sum);
            awaitingMinor.merge(f.currency(), f.amountMinor(), Math::addExact);
            LocalDate day = postingDate(charts, f.eventTime(), f.legalEntity());
            LocalDate[] range =
                awaitingDays.computeIfAbsent(f.currency(), k -> new LocalDate[] {day, day});
            range[0] = day.isBefore(range[0]) ? day : range[0];
            range[1] = day.isAfter(range[1]) ? day : range[1];
          } else {
            chargeFacts.add(f);
          }
        }
      } catch (IllegalArgumentException e) {
        if (utcMonth(c.getEventTime()).equals(period)) {
          unpostable.add(what + ": " + e.getMessage());
        }
      }
    }
    List<MovementFact> movementFacts = new ArrayList<>();
    for (BalanceMovementRecord m :
        grain == Grain.SUMMARY ? movements : List.<BalanceMovementRecord>of()) {
      if (LedgerMapping.notJournaled(m) != null) {
        continue;
      }
      try {
        MovementFact f = LedgerMapping.movementFact(m);
        Optional<YearMonth> p = periodOf(charts, f.time(), f.legalEntity());
        if (p.isEmpty()) {
          if (utcMonth(f.time()).equals(period)) {
            unpostable.add(
                "movement "
                    + m.getMovementId()
                    + ": no chart or legal entity '"
                    + f.legalEntity()
                    + "'");
          }
        } else if (p.get().equals(period)) {
          movementFacts.add(f);
        }
      } catch (IllegalArgumentException e) {
        if (utcMonth(m.getAt()).equals(period)) {
          unpostable.add(e.getMessage());
        }
      }
    }
    ReconciliationReport report =
        new Reconciliation(charts).reconcile(chargeFacts, movementFacts, entries);
    return new Result(
        report.lines(),
        unpostable,
        chargeFacts.size(),
        movementFacts.size(),
        entries.size(),
        awaitingCount,
        awaitingMinor,
        awaitingDays,
        corrected);
  }

  /** The entry a correction hands to an accountant, as the journal entry it would have been. */
  static JournalEntry lateEntry(CorrectionRecord c) {
    List<JournalLine> lines = new ArrayList<>(c.getLines().size());
    for (CorrectionLine l : c.getLines()) {
      lines.add(
          new JournalLine(
              lines.size() + 1,
              PostingRole.valueOf(l.getRole()),
              l.getGlAccount(),
              l.getDebitMinor(),
              l.getCreditMinor(),
              new Dimensions(l.getLegalEntity(), l.getCustomer(), l.getProduct(), l.getRegion())));
    }
    return new JournalEntry(
        c.getLateEntryId(),
        EntryKind.valueOf(c.getLateEntryKind()),
        c.getAccountId(),
        c.getLegalEntity(),
        c.getPostingDate(),
        YearMonth.from(c.getPostingDate()),
        Currency.getInstance(c.getCurrency()),
        lines,
        List.of(),
        null,
        c.getReason(),
        c.getChartId(),
        c.getChartVersion());
  }

  private static YearMonth utcMonth(Instant t) {
    return YearMonth.from(t.atOffset(ZoneOffset.UTC));
  }

  private static LocalDate postingDate(ChartBook charts, Instant time, String legalEntity) {
    return charts
        .inForceAt(time)
        .flatMap(c -> c.legalEntityFor(legalEntity))
        .orElseThrow()
        .postingDate(time);
  }

  private static Optional<YearMonth> periodOf(ChartBook charts, Instant time, String legalEntity) {
    return charts
        .inForceAt(time)
        .flatMap(c -> c.legalEntityFor(legalEntity))
        .map((LegalEntity le) -> YearMonth.from(le.postingDate(time)));
  }
}

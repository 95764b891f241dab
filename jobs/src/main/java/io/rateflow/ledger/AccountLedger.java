package io.rateflow.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One account's position in the general ledger at the grain finance imports: a daily {@code
 * SUMMARY} per (legal entity, product, posting day in the entity's zone, currency), kept as running
 * totals until the day closes in event time, and one entry per rare money fact (balance movements).
 *
 * <ul>
 *   <li>Open day: a charge adds its lines to the day's totals and learns the summary's id; nothing
 *       is exported. With detail entries off no description, sources or entry is built per charge.
 *   <li>{@link #advance(long)}: a day whose last millisecond the watermark has reached is exported
 *       as its summary; one whose allowed lateness has passed too is forgotten.
 *   <li>Closed but within the allowed lateness: a reversal of the exported summary and a
 *       replacement with the new totals, exported at once (or a first summary if the day had none).
 *   <li>Later still: a {@link CorrectionRecord}; nothing is posted.
 *   <li>Memo charges (allowance-funded, zero): no summary and no id.
 * </ul>
 *
 * <p>Pure Java and not thread-safe: the streaming job keeps one per account in keyed state as
 * {@link #toBytes()}, the soak reference and the tests drive it directly. A watermark of {@link
 * Long#MIN_VALUE} means none yet (nothing is late), {@link Long#MAX_VALUE} the end of a bounded
 * input (every day exported and final). The ledger judges lateness by the highest watermark it has
 * seen, stored with it, so a restore (whose watermark starts again at none) reopens nothing.
 */
public final class AccountLedger {

  /** Export order of days closing together: by close, then key. */
  private static final Comparator<LedgerDay> EXPORT_ORDER =
      Comparator.<LedgerDay>comparingLong(d -> d.closesAt)
          .thenComparing(d -> d.key.legalEntity())
          .thenComparing(d -> d.key.product())
          .thenComparing(d -> d.key.postingDate())
          .thenComparing(d -> d.key.currency().getCurrencyCode());

  private final LedgerSettings settings;

  /** The account every fact must belong to; null until the first charge. */
  private String accountId;

  /** Open and exported days; a handful per account, so a list beats a map. */
  private final List<LedgerDay> days;

  /**
   * The highest watermark seen, kept in the state: after a restore Flink's watermark starts again
   * at {@code Long.MIN_VALUE}, and a charge for a day already exported or final must not reopen it.
   */
  private long watermark = Long.MIN_VALUE;

  /** An empty ledger with the default settings. */
  public AccountLedger() {
    this(LedgerSettings.DEFAULTS);
  }

  /** An empty ledger. */
  public AccountLedger(LedgerSettings settings) {
    this(settings, null, new ArrayList<>(), Long.MIN_VALUE);
  }

  AccountLedger(LedgerSettings settings, String accountId, List<LedgerDay> days, long watermark) {
    this.settings = Require.present(settings, "settings");
    this.accountId = accountId;
    this.days = days;
    this.watermark = watermark;
  }

  /**
   * Adds a charge fact (of any kind), after exporting the days the watermark has closed. Throws
   * PostingException (no chart in force / unknown legal entity) or IllegalArgumentException
   * (invalid fact) exactly as {@link Journal#post(ChargeFact)} does; changes nothing then.
   */
  public LedgerOutcome post(ChargeFact c, ChartBook charts, long currentWatermark) {
    if (accountId != null && !accountId.equals(c.accountId())) {
      throw new IllegalArgumentException(
          "charge "
              + c.chargeId()
              + " of account "
              + c.accountId()
              + " posted to the ledger of account "
              + accountId);
    }
    Journal journal = new Journal(charts);
    Posting p = journal.posting(c);
    // The detail entry is built only when asked for (or for a rare late fact below).
    JournalEntry detail = settings.detailEntries() ? journal.post(c) : null;
    accountId = c.accountId();
    Outputs out = new Outputs();
    advance(currentWatermark, out);
    if (detail != null) {
      out.detail(detail);
    }
    if (p.isMemo()) {
      return out.outcome(null);
    }
    LocalDate day = p.postingDate();
    String le = p.legalEntity().code();
    LedgerDay d = find(le, c.product(), day, c.currency());
    long closesAt = d != null ? d.closesAt : closesAt(day, p.legalEntity());
    if (watermark < closesAt && (d == null || !d.isExported())) {
      if (d == null) {
        d =
            new LedgerDay(
                new SummaryKey(le, c.accountId(), c.product(), day, c.currency()),
                closesAt,
                new LineTotals(),
                0,
                null,
                0,
                0);
        days.add(d);
      }
      d.add(p.lines(), p.chart().id(), p.chart().version());
      return out.outcome(d.summaryId());
    }
    JournalEntry late = detail != null ? detail : journal.post(c);
    long finalAt = LedgerDay.finalAt(closesAt, settings.allowedLatenessMillis());
    if (watermark >= finalAt) {
      // The day was forgotten at its finalisation (advanced above): the correction names its first
      // summary, which any replacement names in original_entry_id.
      String affected = SummaryKey.of(late).summaryEntryId();
      out.correction(
          new CorrectionRecord(
              EntryIds.of("CORRECTION", affected, late.entryId()),
              late.legalEntity(),
              late.period(),
              affected,
              late,
              "late entry "
                  + late.entryId()
                  + " ("
                  + late.kind()
                  + ") for "
                  + late.postingDate()
                  + " arrived when the watermark was "
                  + Instant.ofEpochMilli(watermark)
                  + ", after the allowed lateness "
                  + Duration.ofMillis(settings.allowedLatenessMillis())
                  + " (allowed.lateness): the summary of that day is final; book it in an open period"));
      return out.outcome(null);
    }
    if (d == null) {
      // The day had nothing to summarise when it closed: this late charge is its first summary.
      d = new LedgerDay(SummaryKey.of(late), closesAt, new LineTotals(), 0, null, 0, 0);
      d.add(p.lines(), p.chart().id(), p.chart().version());
      days.add(d);
      out.export(d.close());
      return out.outcome(d.summaryId());
    }
    Adjustment a =
        (Adjustment)
            PeriodSummary.amend(
                    d.exported(),
                    late,
                    ClosedPeriods.none(),
                    "late entry " + late.entryId() + " within the allowed lateness")
                .orElseThrow();
    d.replaced(a.replacement(), p.lines());
    out.export(a.reversal());
    out.export(a.replacement());
    return out.outcome(a.replacement().entryId());
  }

  /** A balance movement: one entry of its own (rare facts), exported at once. */
  public LedgerOutcome post(MovementFact m, ChartBook charts, long currentWatermark) {
    if (accountId != null && !accountId.equals(m.accountId())) {
      throw new IllegalArgumentException(
          "movement "
              + m.movementId()
              + " of account "
              + m.accountId()
              + " posted to the ledger of account "
              + accountId);
    }
    JournalEntry entry = new Journal(charts).post(m);
    accountId = m.accountId();
    Outputs out = new Outputs();
    advance(currentWatermark, out);
    out.export(entry);
    return out.outcome(null);
  }

  /**
   * Days whose end (in event time) is <= watermark are exported; days past end + allowed lateness
   * dropped.
   */
  public LedgerOutcome advance(long currentWatermark) {
    Outputs out = new Outputs();
    advance(currentWatermark, out);
    return out.outcome(null);
  }

  /**
   * Event time of the next day close or finalisation, Long.MAX_VALUE when none: the operator's
   * timer.
   */
  public long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (LedgerDay d : days) {
      next = Math.min(next, d.deadline(settings.allowedLatenessMillis()));
    }
    return next;
  }

  /** True when no day is open or awaiting late facts: the state can be cleared. */
  public boolean isEmpty() {
    return days.isEmpty();
  }

  /** The compact binary form, for keyed state: see {@link AccountLedgerCodec}. */
  public byte[] toBytes() {
    return AccountLedgerCodec.encode(this);
  }

  /** A ledger from {@link #toBytes()}, with the settings it was stored with. */
  public static AccountLedger fromBytes(byte[] bytes) {
    return AccountLedgerCodec.decode(bytes, null);
  }

  /**
   * A ledger from {@link #toBytes()} applying {@code settings} from now on (a changed
   * configuration).
   */
  public static AccountLedger fromBytes(byte[] bytes, LedgerSettings settings) {
    return AccountLedgerCodec.decode(bytes, Require.present(settings, "settings"));
  }

  /** The settings this ledger applies. */
  public LedgerSettings settings() {
    return settings;
  }

  String accountId() {
    return accountId;
  }

  List<LedgerDay> days() {
    return days;
  }

  // ---- internals ---------------------------------------------------------------------------

  /** The highest watermark seen ({@code Long.MIN_VALUE} for none): late is judged against it. */
  long watermark() {
    return watermark;
  }

  private void advance(long currentWatermark, Outputs out) {
    watermark = Math.max(watermark, currentWatermark);
    if (days.isEmpty() || watermark < nextDeadline()) {
      return;
    }
    List<LedgerDay> closing = new ArrayList<>();
    for (LedgerDay d : days) {
      if (!d.isExported() && d.closesAt <= watermark) {
        closing.add(d);
      }
    }
    closing.sort(EXPORT_ORDER);
    for (LedgerDay d : closing) {
      out.export(d.close());
    }
    days.removeIf(d -> d.isExported() && d.finalAt(settings.allowedLatenessMillis()) <= watermark);
  }

  private LedgerDay find(
      String legalEntity, String product, LocalDate day, java.util.Currency currency) {
    for (LedgerDay d : days) {
      if (d.sameKey(legalEntity, product, day, currency)) {
        return d;
      }
    }
    return null;
  }

  /** The last millisecond of {@code day} in the legal entity's zone. */
  private static long closesAt(LocalDate day, LegalEntity le) {
    return day.plusDays(1).atStartOfDay(le.zone()).toInstant().toEpochMilli() - 1;
  }

  /** What one call produced; lists made only when something goes in them. */
  private static final class Outputs {
    private List<JournalEntry> export;
    private List<JournalEntry> detail;
    private List<CorrectionRecord> corrections;

    void export(JournalEntry e) {
      if (export == null) {
        export = new ArrayList<>(2);
      }
      export.add(e);
    }

    void detail(JournalEntry e) {
      if (detail == null) {
        detail = new ArrayList<>(1);
      }
      detail.add(e);
    }

    void correction(CorrectionRecord c) {
      if (corrections == null) {
        corrections = new ArrayList<>(1);
      }
      corrections.add(c);
    }

    LedgerOutcome outcome(String journalEntryId) {
      if (export == null && detail == null && corrections == null) {
        return journalEntryId == null
            ? LedgerOutcome.NONE
            : new LedgerOutcome(List.of(), List.of(), List.of(), journalEntryId);
      }
      return new LedgerOutcome(
          export == null ? List.of() : export,
          detail == null ? List.of() : detail,
          corrections == null ? List.of() : corrections,
          journalEntryId);
    }
  }
}

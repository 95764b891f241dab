package io.rateflow.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns facts into balanced journal entries, and corrects entries without editing them.
 *
 * <ul>
 *   <li>{@link #post(ChargeFact)} / {@link #post(MovementFact)}: exactly one entry per fact,
 *       balanced, with an id derived from the fact id and entry kind (so a replay or re-import is
 *       harmless).
 *   <li>{@link #reverse(JournalEntry, String)}: cancel an entry; {@link #replace} = reverse +
 *       repost.
 *   <li>{@link #rerate(ChargeFact, ChargeFact, String)}: book only the difference between two
 *       ratings of the same event, never a second full charge.
 * </ul>
 *
 * <p>Stateless apart from the chart versions, thread-safe, and free of Flink types: the streaming
 * job calls it per fact, the batch path and the tests call it the same way. The accounting policy
 * itself is in {@link PostingRules}.
 */
public final class Journal {

  static final String CHARGE = "CHARGE";
  static final String MOVEMENT = "MOVEMENT";

  private final ChartBook charts;

  /** A journal posting with whichever chart version is in force at each fact's own time. */
  public Journal(ChartBook charts) {
    this.charts = Objects.requireNonNull(charts, "charts");
  }

  /** A journal with a single chart version. */
  public Journal(ChartOfAccounts chart) {
    this(ChartBook.of(chart));
  }

  /**
   * The entry for a charge: see {@link PostingRules#forCharge(RevenueKind, FundingSource, long)}.
   * Allowance-funded and zero-amount charges give a memo entry (no lines); a negative amount posts
   * with sides swapped.
   *
   * @throws PostingException if no chart is in force at the event time or the legal entity is
   *     unknown
   */
  public JournalEntry post(ChargeFact c) {
    Posting p = posting(c);
    List<SourceRef> sources = new ArrayList<>();
    sources.add(new SourceRef(SourceRef.Kind.CHARGE, c.chargeId()));
    sources.add(new SourceRef(SourceRef.Kind.EVENT, c.eventId()));
    if (c.grantId() != null) {
      sources.add(new SourceRef(SourceRef.Kind.GRANT, c.grantId()));
    }
    String description =
        p.rule().kind()
            + " "
            + c.product()
            + " "
            + MinorUnits.format(c.amountMinor(), c.currency())
            + ", charge "
            + c.chargeId()
            + (c.fundingSource() == FundingSource.ALLOWANCE
                ? " [memo: paid by the plan allowance]"
                : memoNote(p.rule(), c.amountMinor()));
    return new JournalEntry(
        EntryIds.forFact(CHARGE, c.chargeId(), p.rule().kind()),
        p.rule().kind(),
        c.accountId(),
        p.dimensions().legalEntity(),
        p.postingDate(),
        YearMonth.from(p.postingDate()),
        c.currency(),
        p.lines(),
        sources,
        null,
        description,
        p.chart().id(),
        p.chart().version());
  }

  /**
   * What a charge books without building its entry: the lines the running daily totals add. Fails
   * exactly as {@link #post(ChargeFact)} does.
   *
   * @throws PostingException if no chart is in force at the event time or the legal entity is
   *     unknown
   */
  Posting posting(ChargeFact c) {
    PostingRule rule = PostingRules.forCharge(c.kind(), c.fundingSource(), c.amountMinor());
    ChartOfAccounts chart = charts.inForceAt(c.eventTime()).orElse(null);
    if (chart == null) {
      throw new PostingException(
          "no chart of accounts in force at "
              + c.eventTime()
              + " for "
              + describe(c)
              + "; publish one whose effective_from is at or before that time");
    }
    LegalEntity le = chart.legalEntityFor(c.legalEntity()).orElse(null);
    if (le == null) {
      throw new PostingException(missingLegalEntity(chart, c.legalEntity(), describe(c)));
    }
    Dimensions dims = new Dimensions(le.code(), c.glCustomerCode(), c.product(), c.region());
    return new Posting(
        rule,
        chart,
        le,
        le.postingDate(c.eventTime()),
        dims,
        lines(rule, c.amountMinor(), dims, chart));
  }

  private static String describe(ChargeFact c) {
    return "charge " + c.chargeId() + " (account " + c.accountId() + ", event " + c.eventId() + ")";
  }

  /**
   * The entry for a balance movement: see {@link PostingRules#forMovement(MovementKind,
   * GrantKind)}. Promotional movements and zero amounts give a memo entry; a negative amount posts
   * with sides swapped.
   *
   * @throws PostingException if no chart is in force at the movement time or the legal entity is
   *     unknown
   */
  public JournalEntry post(MovementFact m) {
    PostingRule rule = PostingRules.forMovement(m.kind(), m.grantKind());
    String what = "movement " + m.movementId() + " (account " + m.accountId() + ")";
    ChartOfAccounts chart = chartAt(m.time(), what);
    LegalEntity le = legalEntity(chart, m.legalEntity(), what);
    // A balance belongs to no product: the empty product selects the role's non-product mapping.
    Dimensions dims = new Dimensions(le.code(), m.glCustomerCode(), "", m.region());
    List<SourceRef> sources = new ArrayList<>();
    sources.add(new SourceRef(SourceRef.Kind.MOVEMENT, m.movementId()));
    if (m.grantId() != null) {
      sources.add(new SourceRef(SourceRef.Kind.GRANT, m.grantId()));
    }
    String description =
        rule.kind()
            + " "
            + MinorUnits.format(m.amountMinor(), m.currency())
            + ", movement "
            + m.movementId()
            + memoNote(rule, m.amountMinor());
    return book(
        EntryIds.forFact(MOVEMENT, m.movementId(), rule.kind()),
        rule,
        m.amountMinor(),
        m.currency(),
        m.accountId(),
        le.postingDate(m.time()),
        dims,
        chart,
        sources,
        description);
  }

  /**
   * Cancels {@code original} on its own posting date: same lines with debits and credits swapped.
   * The id derives from the original's, so reversing twice yields the same entry (harmless on
   * import). Use {@link #reverse(JournalEntry, String, LocalDate)} when the original's period is
   * closed.
   */
  public static JournalEntry reverse(JournalEntry original, String reason) {
    return reverse(original, reason, original.postingDate());
  }

  /** Cancels {@code original}, posting the reversal on {@code postingDate} (an open period). */
  public static JournalEntry reverse(JournalEntry original, String reason, LocalDate postingDate) {
    Require.text(reason, "reason");
    List<JournalLine> swapped = original.lines().stream().map(JournalLine::swapped).toList();
    List<SourceRef> sources = new ArrayList<>(original.sources());
    sources.add(new SourceRef(SourceRef.Kind.JOURNAL_ENTRY, original.entryId()));
    return new JournalEntry(
        EntryIds.of("REVERSAL", original.entryId()),
        EntryKind.REVERSAL,
        original.accountId(),
        original.legalEntity(),
        postingDate,
        YearMonth.from(postingDate),
        original.currency(),
        swapped,
        sources,
        original.entryId(),
        "Reversal of " + original.entryId() + " (" + original.kind() + "): " + reason,
        original.chartId(),
        original.chartVersion());
  }

  /**
   * Corrects a charge entry: reverses {@code original} and posts {@code corrected} in its place.
   * The replacement's id derives from the original's, so a chain of corrections stays
   * deterministic.
   */
  public Adjustment replace(JournalEntry original, ChargeFact corrected, String reason) {
    return replacing(original, post(corrected), reason);
  }

  /**
   * Corrects a movement entry: reverses {@code original} and posts {@code corrected} in its place.
   */
  public Adjustment replace(JournalEntry original, MovementFact corrected, String reason) {
    return replacing(original, post(corrected), reason);
  }

  /**
   * Books the difference between two ratings of the same event: the lines of {@code current} minus
   * those of {@code previous}, netted per account. A price change gives one pair of lines for the
   * difference (on the reverse sides when the price fell); a change of funding source reverses the
   * old funding lines and adds the new ones. Never a second full charge.
   *
   * @param previous the charge as last posted (its entry id is the adjustment's original)
   * @param current the charge as re-rated
   * @param revision what makes this re-rating unique for the charge (say, the rule version that
   *     caused it), so that rating up, down and up again gives three distinct, replay-stable ids
   * @return the adjusting entry, or empty when nothing changed in the books
   * @throws IllegalArgumentException if the charges are not for the same event, account and
   *     currency
   * @throws ArithmeticException if the difference is beyond the {@code long} range of minor units
   */
  public Optional<JournalEntry> rerate(ChargeFact previous, ChargeFact current, String revision) {
    Require.text(revision, "revision");
    if (!previous.eventId().equals(current.eventId())
        || !previous.accountId().equals(current.accountId())
        || !previous.currency().equals(current.currency())) {
      throw new IllegalArgumentException(
          "re-rating must keep event, account and currency: charge "
              + previous.chargeId()
              + " (event "
              + previous.eventId()
              + ", "
              + previous.accountId()
              + ", "
              + previous.currency()
              + ") vs charge "
              + current.chargeId()
              + " (event "
              + current.eventId()
              + ", "
              + current.accountId()
              + ", "
              + current.currency()
              + ")");
    }
    JournalEntry before = post(previous);
    JournalEntry after = post(current);
    List<JournalLine> difference =
        new LineTotals().add(after.lines(), 1).add(before.lines(), -1).toLines();
    if (difference.isEmpty()) {
      return Optional.empty();
    }
    long delta = Math.subtractExact(current.amountMinor(), previous.amountMinor());
    List<SourceRef> sources =
        List.of(
            new SourceRef(SourceRef.Kind.CHARGE, previous.chargeId()),
            new SourceRef(SourceRef.Kind.CHARGE, current.chargeId()),
            new SourceRef(SourceRef.Kind.EVENT, current.eventId()),
            new SourceRef(SourceRef.Kind.JOURNAL_ENTRY, before.entryId()));
    return Optional.of(
        new JournalEntry(
            EntryIds.of("RERATE", previous.chargeId(), current.chargeId(), revision),
            EntryKind.RERATE_ADJUSTMENT,
            current.accountId(),
            after.legalEntity(),
            after.postingDate(),
            after.period(),
            current.currency(),
            difference,
            sources,
            before.entryId(),
            "Re-rating "
                + revision
                + " of event "
                + current.eventId()
                + ": "
                + MinorUnits.format(previous.amountMinor(), previous.currency())
                + " "
                + previous.fundingSource()
                + " -> "
                + MinorUnits.format(current.amountMinor(), current.currency())
                + " "
                + current.fundingSource()
                + " (difference "
                + MinorUnits.format(delta, current.currency())
                + ")",
            after.chartId(),
            after.chartVersion()));
  }

  // ---- internals ---------------------------------------------------------------------------

  private static Adjustment replacing(JournalEntry original, JournalEntry fresh, String reason) {
    JournalEntry reversal = reverse(original, reason);
    List<SourceRef> sources = new ArrayList<>(fresh.sources());
    sources.add(new SourceRef(SourceRef.Kind.JOURNAL_ENTRY, original.entryId()));
    JournalEntry replacement =
        new JournalEntry(
            EntryIds.of("REPLACEMENT", original.entryId()),
            fresh.kind(),
            fresh.accountId(),
            fresh.legalEntity(),
            fresh.postingDate(),
            fresh.period(),
            fresh.currency(),
            fresh.lines(),
            sources,
            original.entryId(),
            "Replaces " + original.entryId() + ": " + reason + "; " + fresh.description(),
            fresh.chartId(),
            fresh.chartVersion());
    return new Adjustment(reversal, replacement);
  }

  private static JournalEntry book(
      String entryId,
      PostingRule rule,
      long amountMinor,
      Currency currency,
      String accountId,
      LocalDate postingDate,
      Dimensions dims,
      ChartOfAccounts chart,
      List<SourceRef> sources,
      String description) {
    return new JournalEntry(
        entryId,
        rule.kind(),
        accountId,
        dims.legalEntity(),
        postingDate,
        YearMonth.from(postingDate),
        currency,
        lines(rule, amountMinor, dims, chart),
        sources,
        null,
        description,
        chart.id(),
        chart.version());
  }

  private static List<JournalLine> lines(
      PostingRule rule, long amountMinor, Dimensions dims, ChartOfAccounts chart) {
    // Zero amounts are memos too: most ERPs reject zero lines, and there is nothing to book.
    if (rule.isMemo() || amountMinor == 0) {
      return List.of();
    }
    // A negative amount (a credit, a downward adjustment) books the same roles on swapped sides,
    // so every line amount stays positive as ERP imports require.
    PostingRole debit = amountMinor > 0 ? rule.debit() : rule.credit();
    PostingRole credit = amountMinor > 0 ? rule.credit() : rule.debit();
    long size = Math.absExact(amountMinor);
    return List.of(
        JournalLine.debit(1, debit, chart.glAccount(debit, dims), size, dims),
        JournalLine.credit(2, credit, chart.glAccount(credit, dims), size, dims));
  }

  private static String memoNote(PostingRule rule, long amountMinor) {
    if (rule.kind() == EntryKind.USAGE_ALLOWANCE) {
      return " [memo: paid by the plan allowance]";
    }
    if (rule.isMemo()) {
      return " [memo: promotional credit is no liability]";
    }
    return amountMinor == 0 ? " [memo: zero amount]" : "";
  }

  private ChartOfAccounts chartAt(Instant time, String what) {
    return charts
        .inForceAt(time)
        .orElseThrow(
            () ->
                new PostingException(
                    "no chart of accounts in force at "
                        + time
                        + " for "
                        + what
                        + "; publish one whose effective_from is at or before that time"));
  }

  private static LegalEntity legalEntity(ChartOfAccounts chart, String code, String what) {
    return chart
        .legalEntityFor(code)
        .orElseThrow(() -> new PostingException(missingLegalEntity(chart, code, what)));
  }

  /** Why a fact has no legal entity in a chart, and what fixes it. */
  static String missingLegalEntity(ChartOfAccounts chart, String code, String what) {
    if (code == null || code.isBlank()) {
      return what
          + " has no legal entity and "
          + chart
          + " declares no default_legal_entity; set "
          + "default_legal_entity in the chart or legal_entity on the account's profile";
    }
    return "legal entity '"
        + code
        + "' of "
        + what
        + " is not in "
        + chart
        + "; add it under legal_entities or fix the account's profile";
  }
}

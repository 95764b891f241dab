package io.rateflow.job;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionLine;
import io.rateflow.avro.JournalDimensions;
import io.rateflow.avro.JournalSourceRef;
import io.rateflow.ledger.ChargeFact;
import io.rateflow.ledger.CorrectionRecord;
import io.rateflow.ledger.Dimensions;
import io.rateflow.ledger.EntryKind;
import io.rateflow.ledger.FundingSource;
import io.rateflow.ledger.GrantKind;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.JournalLine;
import io.rateflow.ledger.MovementFact;
import io.rateflow.ledger.MovementKind;
import io.rateflow.ledger.PostingRole;
import io.rateflow.ledger.RevenueKind;
import io.rateflow.ledger.SourceRef;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Between the wire records (Avro) and the ledger's own types. The ledger stays free of Avro and
 * Flink; this is the only place that knows both.
 */
public final class LedgerMapping {
  private LedgerMapping() {}

  /** Charge status the ledger books; anything else (EXCEEDS_LIMIT) is not billed. */
  public static final String BILLED = "BILLED";

  /**
   * Whether a charge line is booked: BILLED, and EXCEEDS_LIMIT too — the usage was delivered and
   * the customer owes it; the status is for collections, not a reason to leave revenue out.
   */
  public static boolean isBooked(String status) {
    return BILLED.equals(status) || "EXCEEDS_LIMIT".equals(status);
  }

  /**
   * The ledger's view of a billed charge.
   *
   * @throws IllegalArgumentException when a field the ledger needs is missing or invalid (unknown
   *     currency or funding source, empty legal entity or customer code)
   */
  public static ChargeFact chargeFact(Charge c) {
    FundingSource funding;
    try {
      funding = FundingSource.valueOf(c.getFundingSource());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "charge " + c.getChargeId() + ": unknown funding_source '" + c.getFundingSource() + "'");
    }
    return new ChargeFact(
        c.getChargeId(),
        c.getEventId(),
        c.getAccountId(),
        c.getMeter(),
        c.getAmountMinor(),
        currency(c.getCurrency(), "charge " + c.getChargeId()),
        funding,
        c.getFundingGrantId(),
        c.getEventTime(),
        c.getRegion(),
        c.getSegment(),
        c.getLegalEntity(),
        c.getGlCustomerCode(),
        revenueKind(c));
  }

  /**
   * The ledger's kind of a charge, from {@code charge_kind} (the pricing engine's {@code
   * ChargeKind} by name). Absent or empty is usage: charges written before charge kinds.
   *
   * @throws IllegalArgumentException for a kind the ledger has no posting rule for
   */
  static RevenueKind revenueKind(Charge c) {
    String kind = c.getChargeKind();
    if (kind == null || kind.isEmpty()) {
      return RevenueKind.USAGE;
    }
    try {
      return RevenueKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "charge "
              + c.getChargeId()
              + ": the ledger has no posting rule for charge_kind '"
              + kind
              + "'; it needs one in io.rateflow.ledger.PostingRules");
    }
  }

  /**
   * Why a balance movement is not a journal fact of its own, or {@code null} when it is one.
   *
   * <ul>
   *   <li>{@code USAGE}: the charge line that the usage funded is booked (as USAGE_PREPAID,
   *       USAGE_PROMOTIONAL or on account); booking the movement too would count it twice.
   *   <li>Allowance grants move units, not money: the plan fee carries their revenue.
   * </ul>
   */
  public static String notJournaled(BalanceMovementRecord m) {
    if ("USAGE".equals(m.getKind())) {
      return "a USAGE movement is booked through its charge";
    }
    if ("ALLOWANCE".equals(m.getGrantKind())) {
      return "allowance movements move units, not money";
    }
    return null;
  }

  /**
   * The ledger's view of a money movement. Movements are signed from the account's view (a revoke
   * is negative); the ledger wants the size in the movement's own direction, so revokes and
   * expiries change sign, and an ADJUST keeps its sign (a downward adjustment posts reversed).
   *
   * @throws IllegalArgumentException for a kind the ledger has no posting rule for, or a missing
   *     field
   */
  public static MovementFact movementFact(BalanceMovementRecord m) {
    String what = "movement " + m.getMovementId() + " (account " + m.getAccountId() + ")";
    MovementKind kind;
    try {
      kind = MovementKind.valueOf(m.getKind());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what
              + ": the ledger has no posting rule for kind "
              + m.getKind()
              + "; it needs one in io.rateflow.ledger.PostingRules");
    }
    GrantKind grantKind;
    if ((kind == MovementKind.TOP_UP || kind == MovementKind.SETTLEMENT)
        && m.getGrantKind() == null) {
      grantKind = GrantKind.PREPAID;
    } else {
      try {
        grantKind = GrantKind.valueOf(String.valueOf(m.getGrantKind()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": unknown grant_kind " + m.getGrantKind());
      }
    }
    long amount =
        switch (kind) {
          case REVOKE, EXPIRY, SETTLEMENT -> Math.negateExact(m.getAmountMinor());
          case TOP_UP, GRANT, ADJUST -> m.getAmountMinor();
        };
    return new MovementFact(
        m.getMovementId(),
        m.getAccountId(),
        kind,
        grantKind,
        m.getGrantId(),
        amount,
        currency(m.getCurrency(), what),
        m.getAt(),
        m.getLegalEntity(),
        m.getGlCustomerCode(),
        m.getRegion());
  }

  private static Currency currency(String code, String what) {
    try {
      return Currency.getInstance(code);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + ": '" + code + "' is not an ISO-4217 currency");
    }
  }

  /** The wire form of an entry (topic erp-gl-export / erp-gl-summaries). */
  public static io.rateflow.avro.JournalEntry toAvro(JournalEntry e) {
    List<io.rateflow.avro.JournalLine> lines = new ArrayList<>(e.lines().size());
    for (JournalLine l : e.lines()) {
      Dimensions d = l.dimensions();
      lines.add(
          new io.rateflow.avro.JournalLine(
              l.lineNo(),
              l.role().name(),
              l.glAccount(),
              l.debitMinor(),
              l.creditMinor(),
              new JournalDimensions(d.legalEntity(), d.customer(), d.product(), d.region())));
    }
    List<JournalSourceRef> sources = new ArrayList<>(e.sources().size());
    for (SourceRef s : e.sources()) {
      sources.add(new JournalSourceRef(s.kind().name(), s.id()));
    }
    return io.rateflow.avro.JournalEntry.newBuilder()
        .setEntryId(e.entryId())
        .setKind(e.kind().name())
        .setAccountId(e.accountId())
        .setLegalEntity(e.legalEntity())
        .setPostingDate(e.postingDate())
        .setPeriod(e.period().toString())
        .setCurrency(e.currency().getCurrencyCode())
        .setCurrencyDigits(Math.max(0, e.currency().getDefaultFractionDigits()))
        .setLines(lines)
        .setSources(sources)
        .setOriginalEntryId(e.originalEntryId())
        .setDescription(e.description())
        .setChartId(e.chartId())
        .setChartVersion(e.chartVersion())
        .build();
  }

  /**
   * The ledger form of an exported entry, for summaries, corrections and reconciliation.
   *
   * @throws IllegalArgumentException if the record is not a valid, balanced entry
   */
  public static JournalEntry fromAvro(io.rateflow.avro.JournalEntry a) {
    List<JournalLine> lines = new ArrayList<>(a.getLines().size());
    for (io.rateflow.avro.JournalLine l : a.getLines()) {
      JournalDimensions d = l.getDimensions();
      lines.add(
          new JournalLine(
              l.getLineNo(),
              PostingRole.valueOf(l.getRole()),
              l.getGlAccount(),
              l.getDebitMinor(),
              l.getCreditMinor(),
              new Dimensions(d.getLegalEntity(), d.getCustomer(), d.getProduct(), d.getRegion())));
    }
    List<SourceRef> sources = new ArrayList<>(a.getSources().size());
    for (JournalSourceRef s : a.getSources()) {
      sources.add(new SourceRef(SourceRef.Kind.valueOf(s.getKind()), s.getId()));
    }
    return new JournalEntry(
        a.getEntryId(),
        EntryKind.valueOf(a.getKind()),
        a.getAccountId(),
        a.getLegalEntity(),
        a.getPostingDate(),
        YearMonth.parse(a.getPeriod()),
        Currency.getInstance(a.getCurrency()),
        lines,
        sources,
        a.getOriginalEntryId(),
        a.getDescription(),
        a.getChartId(),
        a.getChartVersion());
  }

  /** The wire form of a correction for a closed period (topic erp-gl-corrections). */
  public static io.rateflow.avro.CorrectionRecord toAvro(CorrectionRecord c) {
    JournalEntry late = c.lateEntry();
    List<CorrectionLine> lines = new ArrayList<>(late.lines().size());
    for (JournalLine l : late.lines()) {
      Dimensions d = l.dimensions();
      lines.add(
          new CorrectionLine(
              l.role().name(),
              l.glAccount(),
              l.debitMinor(),
              l.creditMinor(),
              d.legalEntity(),
              d.customer(),
              d.product(),
              d.region()));
    }
    return io.rateflow.avro.CorrectionRecord.newBuilder()
        .setCorrectionId(c.correctionId())
        .setLegalEntity(c.legalEntity())
        .setClosedPeriod(c.closedPeriod().toString())
        .setAffectedEntryId(c.affectedEntryId())
        .setLateEntryId(late.entryId())
        .setLateEntryKind(late.kind().name())
        .setAccountId(late.accountId())
        .setPostingDate(late.postingDate())
        .setCurrency(late.currency().getCurrencyCode())
        .setCurrencyDigits(Math.max(0, late.currency().getDefaultFractionDigits()))
        .setLines(lines)
        .setReason(c.reason())
        .setChartId(late.chartId())
        .setChartVersion(late.chartVersion())
        .build();
  }
}

package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.JAN_15;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the charges and however late they come: what the GL imports (summaries net of their
 * reversals) plus what went to an accountant (corrections' late entries) is, per posting day, role,
 * GL account and dimensions, exactly the sum of the per-charge detail entries; and every charge's
 * {@code journal_entry_id} names the summary (or replacement) whose final totals contain it.
 * Charges of every kind (usage, recurring, proration, fee, true-up) mix in the same days, with a
 * chart that maps the roles of recurring revenue or one that leaves them to fall back.
 */
class AccountLedgerProperties {

  /** The chart written before recurring charges (their roles fall back) and the one after. */
  private static final ChartBook OLDER_CHART = ChartBook.of(LedgerFixtures.chart());

  private static final ChartBook CHART_WITH_RECURRING =
      ChartBook.of(LedgerFixtures.chartWithRecurring());
  private static final List<Currency> CURRENCIES = List.of(LedgerFixtures.USD, LedgerFixtures.EUR);

  /**
   * A charge and how far behind its event time the watermark is when it arrives (negative: ahead).
   */
  record Arrival(ChargeFact charge, long watermarkLagMinutes, boolean advanceFirst) {}

  @Property(tries = 300)
  void theGlExportPlusCorrectionsIsTheDetailAndEveryIdDrillsDown(
      @ForAll @Size(min = 1, max = 60) List<@net.jqwik.api.From("arrivals") Arrival> arrivals,
      @ForAll @IntRange(min = 0, max = 3 * 24 * 60) int latenessMinutes,
      @ForAll boolean roundTripState,
      @ForAll boolean withRecurringAccounts) {
    ChartBook charts = withRecurringAccounts ? CHART_WITH_RECURRING : OLDER_CHART;
    AccountLedger ledger = new AccountLedger(new LedgerSettings(latenessMinutes * 60_000L, true));
    List<JournalEntry> export = new ArrayList<>();
    List<JournalEntry> detail = new ArrayList<>();
    List<JournalEntry> corrected = new ArrayList<>();
    Map<String, String> idOfCharge = new HashMap<>();
    long watermark = Long.MIN_VALUE;
    int n = 0;
    for (Arrival a : arrivals) {
      ChargeFact c = withId(a.charge(), n++);
      // the watermark only moves forward
      watermark =
          Math.max(watermark, c.eventTime().toEpochMilli() - a.watermarkLagMinutes() * 60_000L);
      if (a.advanceFirst()) {
        collect(ledger.advance(watermark), export, detail, corrected);
        assertThat(ledger.nextDeadline()).isGreaterThan(watermark);
      }
      LedgerOutcome out = ledger.post(c, charts, watermark);
      collect(out, export, detail, corrected);
      idOfCharge.put(c.chargeId(), out.journalEntryId());
      if (roundTripState) {
        ledger = AccountLedger.fromBytes(ledger.toBytes());
      }
    }
    collect(ledger.advance(Long.MAX_VALUE), export, detail, corrected);
    assertThat(ledger.isEmpty()).isTrue();

    assertThat(export)
        .allMatch(e -> e.kind() == EntryKind.SUMMARY || e.kind() == EntryKind.REVERSAL);
    assertThat(detail).hasSize(arrivals.size());
    List<JournalEntry> imported = new ArrayList<>(export);
    imported.addAll(corrected);
    assertThat(cells(imported)).isEqualTo(cells(detail));
    // and the reconciliation agrees, per period
    assertThat(
            new Reconciliation(charts).reconcile(facts(arrivals), List.of(), imported).isBalanced())
        .isTrue();

    // drill-down: the charges naming a summary or any of its replacements sum to its final lines
    Map<String, String> root = new HashMap<>();
    Map<String, JournalEntry> lastSummary = new HashMap<>();
    for (JournalEntry e : export) {
      if (e.kind() == EntryKind.SUMMARY) {
        String r = e.originalEntryId() == null ? e.entryId() : root.get(e.originalEntryId());
        assertThat(r).as("replacement of an exported summary").isNotNull();
        root.put(e.entryId(), r);
        lastSummary.put(r, e);
      }
    }
    Map<String, List<JournalEntry>> byRoot = new HashMap<>();
    Set<String> correctedIds = new HashSet<>();
    corrected.forEach(e -> correctedIds.add(e.entryId()));
    for (JournalEntry d : detail) {
      String chargeId = d.sources().get(0).id();
      String id = idOfCharge.get(chargeId);
      if (d.isMemo() || correctedIds.contains(d.entryId())) {
        assertThat(id).as("memo or corrected charge " + chargeId).isNull();
        continue;
      }
      assertThat(root).as("charge " + chargeId + " names an exported summary").containsKey(id);
      byRoot.computeIfAbsent(root.get(id), k -> new ArrayList<>()).add(d);
    }
    lastSummary.forEach(
        (r, summary) ->
            assertThat(cells(List.of(summary)))
                .isEqualTo(cells(byRoot.getOrDefault(r, List.of()))));
  }

  private static List<ChargeFact> facts(List<Arrival> arrivals) {
    List<ChargeFact> out = new ArrayList<>();
    int n = 0;
    for (Arrival a : arrivals) {
      out.add(withId(a.charge(), n++));
    }
    return out;
  }

  private static ChargeFact withId(ChargeFact c, int n) {
    return new ChargeFact(
        "c-" + n,
        "e-" + n,
        c.accountId(),
        c.product(),
        c.amountMinor(),
        c.currency(),
        c.fundingSource(),
        c.grantId(),
        c.eventTime(),
        c.region(),
        c.segment(),
        c.legalEntity(),
        c.glCustomerCode(),
        c.kind());
  }

  private static void collect(
      LedgerOutcome out,
      List<JournalEntry> export,
      List<JournalEntry> detail,
      List<JournalEntry> corrected) {
    export.addAll(out.export());
    detail.addAll(out.detail());
    out.corrections().forEach(c -> corrected.add(c.lateEntry()));
  }

  /** Net debit per posting day, currency, role, GL account and dimensions; zero cells dropped. */
  private static Map<String, Long> cells(List<JournalEntry> entries) {
    Map<String, Long> cells = new TreeMap<>();
    for (JournalEntry e : entries) {
      for (JournalLine l : e.lines()) {
        String key =
            e.postingDate()
                + " "
                + e.currency()
                + " "
                + l.role()
                + " "
                + l.glAccount()
                + " "
                + l.dimensions();
        cells.merge(key, l.netDebitMinor(), Math::addExact);
      }
    }
    cells.values().removeIf(v -> v == 0);
    return cells;
  }

  @Provide
  Arbitrary<Arrival> arrivals() {
    Arbitrary<ChargeFact> charge =
        Combinators.combine(
                Arbitraries.longs().between(-500, 5000),
                Arbitraries.of(FundingSource.class),
                // mostly one key, so days collect many charges and several late ones
                Arbitraries.frequencyOf(
                    Tuple.of(9, Arbitraries.just(CURRENCIES.get(0))),
                    Tuple.of(1, Arbitraries.of(CURRENCIES))),
                Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.just("RF-US")),
                    Tuple.of(2, Arbitraries.of("RF-DE", "RF-JP"))),
                Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.just("api-calls")),
                    Tuple.of(2, Arbitraries.just("gpu-seconds"))),
                Arbitraries.of("", "us-east", "eu-west"),
                Arbitraries.longs().between(0, 3L * 24 * 60), // minutes over three days
                Arbitraries.of(RevenueKind.class))
            .as(
                (amount, funding, currency, le, product, region, minutes, kind) ->
                    new ChargeFact(
                        "c",
                        "e",
                        "acct-1",
                        product,
                        amount,
                        currency,
                        funding,
                        funding == FundingSource.ON_ACCOUNT ? null : "g-1",
                        JAN_15.plus(Duration.ofMinutes(minutes)),
                        region,
                        "",
                        le,
                        "CUST-001",
                        kind));
    return Combinators.combine(
            charge, Arbitraries.longs().between(-6 * 60, 3L * 24 * 60), Arbitraries.of(true, false))
        .as(Arrival::new);
  }
}

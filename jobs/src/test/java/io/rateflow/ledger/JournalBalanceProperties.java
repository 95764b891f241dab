package io.rateflow.ledger;

import static io.rateflow.ledger.LedgerFixtures.JAN_15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties that hold whatever the charge kind and funding mix: every entry balances per currency,
 * no line is negative, totals are exact (compared with {@link BigInteger}) and an overflow throws
 * instead of wrapping.
 */
class JournalBalanceProperties {

  private static final List<Currency> CURRENCIES =
      List.of(
          Currency.getInstance("USD"),
          Currency.getInstance("EUR"),
          Currency.getInstance("JPY"),
          Currency.getInstance("BHD"));

  private final Journal journal = LedgerFixtures.journal();

  @Property
  void everyChargeEntryBalances(@ForAll("charges") ChargeFact charge) {
    JournalEntry e = journal.post(charge);

    assertBalancedPerCurrency(List.of(e));
    boolean memo = charge.fundingSource() == FundingSource.ALLOWANCE || charge.amountMinor() == 0;
    assertThat(e.isMemo()).isEqualTo(memo);
    if (!memo) {
      assertThat(e.totalDebitMinor()).isEqualTo(Math.abs(charge.amountMinor()));
    }
  }

  @Property
  void everyMovementEntryBalances(@ForAll("movements") MovementFact movement) {
    assertBalancedPerCurrency(List.of(journal.post(movement)));
  }

  /**
   * The daily summaries keep one running entry per key; it must be the summary of all entries so
   * far.
   */
  @Property
  void aRunningSummaryIsTheSummaryOfEveryEntrySoFar(
      @ForAll @Size(min = 1, max = 30) List<@From("boundedSameDayCharges") ChargeFact> charges,
      @ForAll @Size(max = 5) List<Integer> reversed) {
    List<JournalEntry> entries = new ArrayList<>();
    for (ChargeFact c : charges) {
      entries.add(journal.post(c));
    }
    for (int i : reversed) {
      entries.add(Journal.reverse(entries.get(Math.floorMod(i, entries.size())), "test"));
    }
    Map<SummaryKey, JournalEntry> running = new HashMap<>();
    Map<SummaryKey, Integer> summed = new HashMap<>();
    Map<SummaryKey, List<JournalEntry>> seen = new HashMap<>();
    for (JournalEntry e : entries) {
      if (e.isMemo()) {
        continue;
      }
      SummaryKey key = SummaryKey.of(e);
      int n = summed.getOrDefault(key, 0);
      running.put(key, PeriodSummary.add(key, running.get(key), n, e));
      summed.put(key, n + 1);
      seen.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      // after every step, not only at the end
      assertThat(running.get(key)).isEqualTo(PeriodSummary.summarize(key, seen.get(key)));
    }
  }

  @Property
  void reversalCancelsTheOriginalExactly(@ForAll("charges") ChargeFact charge) {
    JournalEntry original = journal.post(charge);
    JournalEntry reversal = Journal.reverse(original, "test");

    assertBalancedPerCurrency(List.of(reversal));
    assertThat(PeriodSummary.summarize(List.of(original, reversal)))
        .allSatisfy(s -> assertThat(s.isMemo()).isTrue());
  }

  @Property
  void reratingBooksOnlyTheDifference(
      @ForAll("charges") ChargeFact before,
      @ForAll("amounts") long newAmount,
      @ForAll FundingSource newFunding) {
    ChargeFact after = before.withAmountMinor(newAmount).withFunding(newFunding, "g-2");
    List<JournalEntry> booked = new ArrayList<>(List.of(journal.post(before)));
    BigInteger exactDifference =
        BigInteger.valueOf(newAmount).subtract(BigInteger.valueOf(before.amountMinor()));
    try {
      journal.rerate(before, after, "r1").ifPresent(booked::add);
    } catch (ArithmeticException overflow) {
      // Only when the difference itself is beyond the long range (about 9.2e16 dollars).
      assertThat(exactDifference.abs()).isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
      return;
    }

    assertBalancedPerCurrency(booked);
    // Original plus adjustment nets, line by line, to what a fresh posting of the new rating books.
    assertThat(netPerAccount(booked)).isEqualTo(netPerAccount(List.of(journal.post(after))));
  }

  @Property
  void summariesBalanceOrOverflowLoudly(
      @ForAll @Size(max = 30) List<@From("sameDayCharges") ChargeFact> charges) {
    List<JournalEntry> entries = charges.stream().map(journal::post).toList();
    try {
      List<JournalEntry> summaries = PeriodSummary.summarize(entries);
      assertBalancedPerCurrency(summaries);
      assertThat(netPerAccount(summaries)).isEqualTo(netPerAccount(entries));
    } catch (ArithmeticException overflow) {
      // Only allowed when an exact total really leaves the long range.
      assertThat(someTotalOverflows(entries)).isTrue();
    }
  }

  @Property
  void postedFactsReconcile(
      @ForAll @Size(max = 20) List<@From("sameDayCharges") ChargeFact> charges,
      @ForAll @Size(max = 10) List<@From("movements") MovementFact> movements) {
    List<JournalEntry> entries = new ArrayList<>();
    charges.forEach(c -> entries.add(journal.post(c)));
    movements.forEach(m -> entries.add(journal.post(m)));
    try {
      ReconciliationReport report =
          new Reconciliation(ChartBook.of(LedgerFixtures.chart()))
              .reconcile(charges, movements, entries);
      assertThat(report.isBalanced()).as("%s", report).isTrue();
    } catch (ArithmeticException overflow) {
      assertThat(someTotalOverflows(entries)).isTrue();
    }
  }

  @net.jqwik.api.Example
  void overflowingSummaryThrowsInsteadOfWrapping() {
    List<JournalEntry> entries =
        List.of(
            journal.post(LedgerFixtures.charge("1", Long.MAX_VALUE)),
            journal.post(LedgerFixtures.charge("2", 1)));

    assertThatThrownBy(() -> PeriodSummary.summarize(entries))
        .isInstanceOf(ArithmeticException.class);
  }

  // ---- generators --------------------------------------------------------------------------

  @Provide
  Arbitrary<Long> amounts() {
    return Arbitraries.oneOf(
        Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE / 2),
        Arbitraries.longs().between(-1_000_000, 1_000_000),
        Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE));
  }

  /** Every charge kind (usage, recurring, proration, fee, true-up) with any funding and sign. */
  private static Arbitrary<ChargeFact> ofAnyKind(Arbitrary<ChargeFact> charges) {
    return Combinators.combine(charges, Arbitraries.of(RevenueKind.class)).as(ChargeFact::withKind);
  }

  @Provide
  Arbitrary<ChargeFact> charges() {
    return ofAnyKind(anyUsageCharge());
  }

  private Arbitrary<ChargeFact> anyUsageCharge() {
    return Combinators.combine(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
            amounts(),
            Arbitraries.of(FundingSource.class),
            Arbitraries.of(CURRENCIES),
            Arbitraries.of("RF-US", "RF-DE", "RF-JP"),
            Arbitraries.of("api-calls", "gpu-seconds"),
            Arbitraries.of("", "us-east", "eu-west"),
            Arbitraries.longs().between(0, 365L * 24 * 3600))
        .as(
            (id, amount, funding, currency, le, product, region, seconds) ->
                new ChargeFact(
                    "c-" + id,
                    "e-" + id,
                    "acct-" + id.length(),
                    product,
                    amount,
                    currency,
                    funding,
                    null,
                    JAN_15.plus(Duration.ofSeconds(seconds)),
                    region,
                    "",
                    le,
                    "CUST-" + id.length()));
  }

  /** Charges of few accounts on one day, so summaries really add many amounts together. */
  @Provide
  Arbitrary<ChargeFact> sameDayCharges() {
    return ofAnyKind(sameDayUsageCharges());
  }

  private Arbitrary<ChargeFact> sameDayUsageCharges() {
    return Combinators.combine(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
            amounts(),
            Arbitraries.of(FundingSource.class),
            Arbitraries.of(CURRENCIES.subList(0, 2)),
            Arbitraries.of("acct-1", "acct-2"))
        .as(
            (id, amount, funding, currency, account) ->
                new ChargeFact(
                    "c-" + id,
                    "e-" + id,
                    account,
                    "api-calls",
                    amount,
                    currency,
                    funding,
                    null,
                    JAN_15,
                    "",
                    "",
                    "RF-US",
                    "CUST-" + account));
  }

  /** Same-day charges whose totals stay within the long range (overflow is checked elsewhere). */
  @Provide
  Arbitrary<ChargeFact> boundedSameDayCharges() {
    return sameDayCharges().filter(c -> Math.abs(c.amountMinor()) < 1_000_000_000_000L);
  }

  @Provide
  Arbitrary<MovementFact> movements() {
    return Combinators.combine(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
            Arbitraries.of(MovementKind.class),
            Arbitraries.of(GrantKind.class),
            amounts(),
            Arbitraries.of(CURRENCIES),
            Arbitraries.of("RF-US", "RF-DE", "RF-JP"))
        .filter(
            (id, kind, grant, amount, currency, le) ->
                kind != MovementKind.TOP_UP || grant == GrantKind.PREPAID)
        .as(
            (id, kind, grant, amount, currency, le) ->
                new MovementFact(
                    "m-" + id, "acct-1", kind, grant, null, amount, currency, JAN_15, le, "CUST-1",
                    ""));
  }

  // ---- exact checks ------------------------------------------------------------------------

  /**
   * Debits equal credits per currency, computed with BigInteger so the check itself cannot
   * overflow.
   */
  private static void assertBalancedPerCurrency(List<JournalEntry> entries) {
    Map<Currency, BigInteger> net = new HashMap<>();
    for (JournalEntry e : entries) {
      for (JournalLine l : e.lines()) {
        assertThat(l.debitMinor()).isNotNegative();
        assertThat(l.creditMinor()).isNotNegative();
        assertThat(l.debitMinor() == 0).isNotEqualTo(l.creditMinor() == 0);
        net.merge(
            e.currency(),
            BigInteger.valueOf(l.debitMinor()).subtract(BigInteger.valueOf(l.creditMinor())),
            BigInteger::add);
      }
    }
    assertThat(net.values()).allMatch(v -> v.signum() == 0);
  }

  /** Net debit per (currency, account, GL account, role, dimensions), exactly. */
  private static Map<String, BigInteger> netPerAccount(List<JournalEntry> entries) {
    Map<String, BigInteger> net = new HashMap<>();
    for (JournalEntry e : entries) {
      for (JournalLine l : e.lines()) {
        net.merge(
            e.currency()
                + "|"
                + e.accountId()
                + "|"
                + l.glAccount()
                + "|"
                + l.role()
                + "|"
                + l.dimensions(),
            BigInteger.valueOf(l.netDebitMinor()),
            BigInteger::add);
      }
    }
    net.values().removeIf(v -> v.signum() == 0);
    return net;
  }

  private static boolean someTotalOverflows(List<JournalEntry> entries) {
    // Partial sums matter too: addExact fails as soon as a running total leaves the range.
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    Map<String, BigInteger> running = new HashMap<>();
    for (JournalEntry e : entries) {
      for (JournalLine l : e.lines()) {
        String key = e.currency() + "|" + e.accountId() + "|" + l.role() + "|" + l.glAccount();
        BigInteger v = running.merge(key, BigInteger.valueOf(l.netDebitMinor()), BigInteger::add);
        if (v.abs().compareTo(max) > 0) {
          return true;
        }
        BigInteger side =
            running.merge(
                "side|" + e.currency() + "|" + e.accountId(),
                BigInteger.valueOf(l.debitMinor()),
                BigInteger::add);
        if (side.compareTo(max) > 0) {
          return true;
        }
      }
    }
    return false;
  }
}

package io.rateflow.bench;

import io.rateflow.ledger.ChargeFact;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.FundingSource;
import io.rateflow.ledger.GrantKind;
import io.rateflow.ledger.Journal;
import io.rateflow.ledger.JournalEntry;
import io.rateflow.ledger.JournalLine;
import io.rateflow.ledger.MovementFact;
import io.rateflow.ledger.MovementKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded cost of {@link Journal#post(ChargeFact)} and {@link Journal#post(MovementFact)},
 * the calls the journal operator makes for every charge line and balance movement: chart version in
 * force at the fact's time, posting rule, GL accounts, deterministic entry id, a balanced entry.
 *
 * <p>With the demo's chart of accounts ({@code rateflow-gl}: US, German and Japanese entities,
 * product- and entity-specific revenue accounts). Facts are precomputed and varied (4,096 of each,
 * cycled): the demo's currency mix (USD 60%, EUR 25%, JPY 15%, each with its legal entity), charges
 * paid on account (70%), from prepaid (15%) or promotional credit (10%), or by an allowance (5%, a
 * memo entry), over several products, some of them with their own revenue account; movements of
 * every kind, prepaid and promotional (promotional ones are memos), a few downward adjustments.
 * Setup checks that every fact posts and every entry with lines balances at the fact's amount.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JournalBenchmark {
  private static final int SIZE = 4096; // a power of two: the index wraps with a mask
  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] PRODUCTS = {
    "api_calls",
    "api_calls",
    "api_calls",
    "storage_gb",
    "compute_minutes",
    "gpu-seconds",
    "payments",
    "data_transfer_gb",
    "sms"
  };
  private static final String[] REGIONS = {"", "eu", "us", "apac"};

  private Journal journal;
  private ChargeFact[] charges;
  private MovementFact[] movements;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    // The operator posts through a Journal over the chart versions it holds.
    journal = new Journal(ChartBook.of(Catalogue.chartOfAccounts()));
    SplittableRandom r = new SplittableRandom(17);
    charges = new ChargeFact[SIZE];
    movements = new MovementFact[SIZE];
    for (int i = 0; i < SIZE; i++) {
      String account = "acct-" + r.nextInt(100_000);
      int c = r.nextInt(100);
      Currency currency = Currency.getInstance(c < 60 ? "USD" : c < 85 ? "EUR" : "JPY");
      String legalEntity = c < 60 ? "RF-US" : c < 85 ? "RF-DE" : "RF-JP";
      String customer = "C" + (100_000 + r.nextInt(900_000));
      String region = REGIONS[r.nextInt(REGIONS.length)];
      Instant at = MARCH.plusSeconds(r.nextLong(30 * 24 * 3600L));
      long amount = 1 + r.nextInt(50_000);

      int f = r.nextInt(100);
      FundingSource funding =
          f < 70
              ? FundingSource.ON_ACCOUNT
              : f < 85
                  ? FundingSource.PREPAID
                  : f < 95 ? FundingSource.PROMOTIONAL : FundingSource.ALLOWANCE;
      String eventId = "evt-" + Long.toHexString(r.nextLong());
      charges[i] =
          new ChargeFact(
              uuid("charge|" + eventId),
              eventId,
              account,
              PRODUCTS[r.nextInt(PRODUCTS.length)],
              amount,
              currency,
              funding,
              funding == FundingSource.ON_ACCOUNT ? null : uuid("grant|" + i),
              at,
              region,
              "smb",
              legalEntity,
              customer);

      MovementKind kind = MovementKind.values()[r.nextInt(MovementKind.values().length)];
      GrantKind grantKind =
          kind == MovementKind.TOP_UP || kind == MovementKind.SETTLEMENT || r.nextInt(3) > 0
              ? GrantKind.PREPAID
              : GrantKind.PROMOTIONAL;
      // Revokes, expiries and settlements arrive negated (LedgerMapping); a quarter of adjustments
      // go down.
      long signed =
          switch (kind) {
            case REVOKE, EXPIRY, SETTLEMENT -> -amount;
            case ADJUST -> r.nextInt(4) == 0 ? -amount : amount;
            case TOP_UP, GRANT -> amount;
          };
      movements[i] =
          new MovementFact(
              uuid("movement|" + i),
              account,
              kind,
              grantKind,
              kind == MovementKind.SETTLEMENT ? null : uuid("grant|" + i),
              signed,
              currency,
              at,
              legalEntity,
              customer,
              region);
    }
    for (ChargeFact fact : charges) {
      check(journal.post(fact), fact.amountMinor(), fact);
    }
    for (MovementFact fact : movements) {
      check(journal.post(fact), fact.amountMinor(), fact);
    }
  }

  private static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * A memo has no lines; any other entry has a debit and a credit line of the fact's absolute
   * amount.
   */
  private static void check(JournalEntry entry, long amount, Object fact) {
    if (entry.isMemo()) {
      return;
    }
    long size = Math.abs(amount);
    if (entry.lines().size() != 2
        || entry.totalDebitMinor() != size
        || entry.totalCreditMinor() != size) {
      throw new IllegalStateException(
          "benchmark fact posts an unexpected entry " + entry + " for " + fact);
    }
    for (JournalLine line : entry.lines()) {
      if (line.glAccount().isBlank()) {
        throw new IllegalStateException(
            "benchmark fact posts a line without a GL account: " + entry);
      }
    }
  }

  /** A charge line: usage revenue against a receivable, the prepayment or a discount; or a memo. */
  @Benchmark
  public JournalEntry postCharge() {
    ChargeFact fact = charges[next];
    next = (next + 1) & (SIZE - 1);
    return journal.post(fact);
  }

  /** A balance movement: top-up, grant, revoke, adjustment, expiry or settlement. */
  @Benchmark
  public JournalEntry postMovement() {
    MovementFact fact = movements[next];
    next = (next + 1) & (SIZE - 1);
    return journal.post(fact);
  }
}

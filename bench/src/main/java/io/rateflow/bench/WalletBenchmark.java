package io.rateflow.bench;

import io.rateflow.balances.AccountMode;
import io.rateflow.balances.BalanceCommand;
import io.rateflow.balances.BillingCycle;
import io.rateflow.balances.BurnOrder;
import io.rateflow.balances.CommandResult;
import io.rateflow.balances.Funding;
import io.rateflow.balances.FundingLine;
import io.rateflow.balances.FundingSource;
import io.rateflow.balances.Grant;
import io.rateflow.balances.GrantKind;
import io.rateflow.balances.TopUp;
import io.rateflow.balances.Wallet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Single-threaded cost of {@link Wallet#fund}, the call the account operator makes for every rated
 * charge of an account that has balances: the burn-down of one charge across the account's grants.
 *
 * <p>{@link #burnDown5Grants}: wallets with the five grants a demo prepaid customer typically
 * holds, built through {@link Wallet#apply} as the operator builds them from balance commands — the
 * plan's monthly api_calls allowance, a promotional allowance that expires at the end of the month,
 * two promotional credits (goodwill expiring mid-month, a welcome credit expiring next month; same
 * priority, so the earlier expiry burns first) and a prepaid top-up — sized so that every charge
 * draws on all five, in burn order, and the lines sum to the charge. {@link #burnDown1Grant}: one
 * prepaid top-up that covers the whole charge, for comparison. Wallets, charges and times are
 * precomputed and varied (4,096 of each, cycled); the wallet is immutable, so every call funds from
 * the same state.
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
public class WalletBenchmark {
  private static final int SIZE = 4096; // a power of two: the index wraps with a mask
  private static final Currency USD = Currency.getInstance("USD");
  private static final String METER = "api_calls";
  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant MID_MARCH = Instant.parse("2026-03-09T00:00:00Z");
  private static final ZoneId[] ZONES = {
    ZoneId.of("UTC"),
    ZoneId.of("America/New_York"),
    ZoneId.of("Europe/Berlin"),
    ZoneId.of("America/Los_Angeles")
  };

  /** One precomputed call of {@code fund}. */
  record Input(Wallet wallet, Instant at, BigDecimal quantity, long chargeMinor, String usageId) {}

  private Input[] fiveGrants;
  private Input[] oneGrant;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(13);
    fiveGrants = new Input[SIZE];
    oneGrant = new Input[SIZE];
    for (int i = 0; i < SIZE; i++) {
      String account = "acct-" + i;
      ZoneId zone = ZONES[r.nextInt(ZONES.length)];
      // A usage of 1,000..2,000 calls some time in the week from 9 March, charged 2.00..20.00 USD.
      Instant at = MID_MARCH.plusSeconds(r.nextLong(7 * 24 * 3600L));
      BigDecimal quantity =
          BigDecimal.valueOf(1_000 + r.nextInt(1_001)).setScale(6); // as Avro delivers it
      long charge = 200 + r.nextInt(1_801);
      String usageId = "evt-" + Long.toHexString(r.nextLong());

      // Allowances cover at most 2 x 250 of the >= 1,000 calls, so at least half of the charge (>=
      // 1.00)
      // is left for money grants; the two promotional credits hold at most 2 x 0.45, so the top-up
      // always
      // pays the rest and nothing is left on account.
      // Calendar months in the account's zone.
      BillingCycle monthly =
          new BillingCycle(
              LocalDate.of(2026, 1, 1).atStartOfDay(zone).toInstant(), Period.ofMonths(1), zone);
      Wallet wallet = Wallet.open(account, USD, AccountMode.PREPAID_ONLY, BurnOrder.DEFAULT);
      wallet =
          apply(
              wallet,
              Grant.allowance(
                  "plan-" + i, MARCH, METER, units(r, 50, 250), monthly, 10, null, "plan"));
      wallet =
          apply(
              wallet,
              Grant.allowance(
                  "promo-units-" + i,
                  MARCH,
                  METER,
                  units(r, 50, 250),
                  monthly,
                  20,
                  Instant.parse("2026-04-01T00:00:00Z"),
                  "promotion:api-starter"));
      wallet =
          apply(
              wallet,
              Grant.money(
                  "goodwill-" + i,
                  MARCH,
                  GrantKind.PROMOTIONAL,
                  10 + r.nextInt(36),
                  "USD",
                  50,
                  Instant.parse("2026-03-20T00:00:00Z"),
                  "goodwill"));
      wallet =
          apply(
              wallet,
              Grant.money(
                  "welcome-" + i,
                  MARCH,
                  GrantKind.PROMOTIONAL,
                  10 + r.nextInt(36),
                  "USD",
                  50,
                  Instant.parse("2026-04-30T00:00:00Z"),
                  "promotion:welcome"));
      wallet =
          apply(
              wallet, new TopUp("topup-" + i, MARCH, 5_000 + r.nextInt(15_001), "USD", 100, null));
      fiveGrants[i] = new Input(wallet, at, quantity, charge, usageId);

      Wallet single =
          apply(
              Wallet.open(account, USD, AccountMode.PREPAID_ONLY, BurnOrder.DEFAULT),
              new TopUp("topup-" + i, MARCH, 5_000 + r.nextInt(15_001), "USD", 100, null));
      oneGrant[i] = new Input(single, at, quantity, charge, usageId);
    }
    for (Input in : fiveGrants) {
      check(
          in,
          5,
          EnumSet.of(FundingSource.ALLOWANCE, FundingSource.PROMOTIONAL, FundingSource.PREPAID));
    }
    for (Input in : oneGrant) {
      check(in, 1, EnumSet.of(FundingSource.PREPAID));
    }
  }

  private static BigDecimal units(SplittableRandom r, int min, int max) {
    return BigDecimal.valueOf(min + r.nextInt(max - min + 1));
  }

  private static Wallet apply(Wallet wallet, BalanceCommand command) {
    if (!(wallet.apply(command) instanceof CommandResult.Applied applied)) {
      throw new IllegalStateException(
          "benchmark wallet refuses " + command + ": " + wallet.apply(command));
    }
    return applied.wallet();
  }

  /**
   * Every input must draw on exactly {@code grants} distinct grants of those sources, none on
   * account.
   */
  private static void check(Input in, int grants, Set<FundingSource> sources) {
    Funding f = fund(in);
    Set<String> drawn = new HashSet<>();
    for (FundingLine line : f.lines()) {
      if (!sources.contains(line.source()) || !drawn.add(line.grantId())) {
        throw new IllegalStateException(
            "benchmark input draws "
                + line
                + ", expected one line per grant of "
                + sources
                + ": "
                + in);
      }
    }
    if (drawn.size() != grants || f.exceedsLimit()) {
      throw new IllegalStateException(
          "benchmark input draws on "
              + drawn.size()
              + " grants, expected "
              + grants
              + ": "
              + f.lines()
              + " for "
              + in);
    }
  }

  private static Funding fund(Input in) {
    return in.wallet().fund(in.at(), METER, in.quantity(), in.chargeMinor(), USD, in.usageId());
  }

  private Input next(Input[] inputs) {
    Input in = inputs[next];
    next = (next + 1) & (SIZE - 1);
    return in;
  }

  /** One charge burnt down across two allowances, two promotional credits and a top-up. */
  @Benchmark
  public Funding burnDown5Grants() {
    return fund(next(fiveGrants));
  }

  /** One charge paid from a single top-up. */
  @Benchmark
  public Funding burnDown1Grant() {
    return fund(next(oneGrant));
  }
}

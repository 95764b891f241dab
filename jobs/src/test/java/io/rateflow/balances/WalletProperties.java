package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of burn-down and command application over generated wallets. */
class WalletProperties {

  /** A generated wallet and a charge to fund from it. */
  record Scenario(Wallet wallet, Instant at, String meter, BigDecimal quantity, long charge) {}

  @Property(tries = 500)
  void linesSumExactlyToTheCharge(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);

    assertThat(f.lines().stream().mapToLong(FundingLine::amountMinor).sum()).isEqualTo(s.charge());
    assertThat(f.lines()).allSatisfy(l -> assertThat(l.amountMinor()).isNotNegative());
  }

  @Property(tries = 500)
  void noGrantIsDrawnBeyondWhatItHolds(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);

    Map<String, Long> drawn = new HashMap<>();
    Map<String, BigDecimal> unitsDrawn = new HashMap<>();
    for (FundingLine l : f.lines()) {
      if (l.grantId() != null) {
        drawn.merge(l.grantId(), l.amountMinor(), Long::sum);
        unitsDrawn.merge(l.grantId(), l.units(), BigDecimal::add);
      }
    }
    for (BalanceGrant g : s.wallet().grants()) {
      if (g instanceof MoneyGrant m) {
        long used = drawn.getOrDefault(m.id(), 0L);
        assertThat(used).isLessThanOrEqualTo(m.remainingMinor());
        long left = f.wallet().find(m.id()).map(x -> ((MoneyGrant) x).remainingMinor()).orElse(0L);
        assertThat(left).isEqualTo(m.remainingMinor() - used);
      } else {
        Allowance a = (Allowance) g;
        BigDecimal used = unitsDrawn.getOrDefault(a.id(), BigDecimal.ZERO);
        assertThat(used).isLessThanOrEqualTo(a.remainingAt(s.at()));
        Allowance after = (Allowance) f.wallet().find(a.id()).orElseThrow();
        assertThat(after.usedAt(s.at())).isLessThanOrEqualTo(a.units());
      }
    }
  }

  @Property(tries = 500)
  void onlyTheOverdraftGoesNegativeAndOnlyThroughOnAccount(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);
    Wallet before = s.wallet();
    long onAccount = f.amountFrom(FundingSource.ON_ACCOUNT);

    if (before.mode() == AccountMode.PREPAID_ONLY) {
      assertThat(f.wallet().overdraftMinor()).isEqualTo(before.overdraftMinor() + onAccount);
      long headroom = Math.max(0, before.creditLimitMinor() - before.overdraftMinor());
      assertThat(f.exceedsLimit()).isEqualTo(onAccount > headroom);
      assertThat(f.excessMinor()).isEqualTo(Math.max(0, onAccount - headroom));
    } else {
      assertThat(f.wallet().overdraftMinor()).isEqualTo(before.overdraftMinor());
      assertThat(f.exceedsLimit()).isFalse();
    }
  }

  @Property(tries = 500)
  void expiredOrNotYetEffectiveGrantsAreNeverUsed(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);

    for (FundingLine l : f.lines()) {
      if (l.grantId() != null) {
        BalanceGrant g = s.wallet().find(l.grantId()).orElseThrow();
        assertThat(g.usableAt(s.at())).as("grant %s used at %s", g, s.at()).isTrue();
      }
    }
  }

  @Property(tries = 500)
  void theBurnOrderIsRespected(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);
    Comparator<BalanceGrant> order = s.wallet().burnOrder().comparator();
    List<FundingLine> lines = f.lines();

    // allowances, then money, then on account
    List<FundingSource> sources = lines.stream().map(FundingLine::source).toList();
    assertThat(sources).isSortedAccordingTo(Comparator.comparingInt(WalletProperties::rank));

    List<Allowance> allowances =
        s.wallet().grants().stream()
            .filter(
                g ->
                    g instanceof Allowance a
                        && a.meter().equals(s.meter())
                        && a.remainingAt(s.at()).signum() > 0)
            .map(g -> (Allowance) g)
            .sorted(order)
            .toList();
    List<FundingLine> allowanceLines =
        lines.stream().filter(l -> l.source() == FundingSource.ALLOWANCE).toList();
    assertPrefixFullyUsedButLast(
        allowanceLines,
        allowances.stream().map(BalanceGrant::id).toList(),
        allowances.stream().map(a -> a.remainingAt(s.at())).toList(),
        true);

    List<MoneyGrant> money =
        s.wallet().grants().stream()
            .filter(g -> g instanceof MoneyGrant m && m.usableAt(s.at()) && m.remainingMinor() > 0)
            .map(g -> (MoneyGrant) g)
            .sorted(order)
            .toList();
    List<FundingLine> moneyLines =
        lines.stream()
            .filter(
                l -> l.source() == FundingSource.PREPAID || l.source() == FundingSource.PROMOTIONAL)
            .toList();
    assertPrefixFullyUsedButLast(
        moneyLines,
        money.stream().map(BalanceGrant::id).toList(),
        money.stream().map(m -> BigDecimal.valueOf(m.remainingMinor())).toList(),
        false);

    boolean onAccount = sources.contains(FundingSource.ON_ACCOUNT);
    if (onAccount) {
      assertThat(moneyLines).hasSameSizeAs(money); // every usable money grant was used up first
    }
    if (moneyLines.size() > 0 || onAccount) {
      // money only pays for what the allowances did not cover
      BigDecimal covered =
          allowanceLines.stream().map(FundingLine::units).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal allowanceLeft =
          allowances.stream()
              .map(a -> a.remainingAt(s.at()))
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(covered).isEqualByComparingTo(allowanceLeft.min(s.quantity()));
    }
  }

  @Property(tries = 300)
  void unitsAddUpToTheQuantityWheneverMoneyPaysPart(@ForAll("scenarios") Scenario s) {
    Funding f = fund(s);
    BigDecimal units =
        f.lines().stream().map(FundingLine::units).reduce(BigDecimal.ZERO, BigDecimal::add);
    long money = s.charge() - f.amountFrom(FundingSource.ALLOWANCE);

    if (money > 0) {
      assertThat(units).isEqualByComparingTo(s.quantity());
    } else {
      assertThat(units).isLessThanOrEqualTo(s.quantity());
    }
  }

  @Property(tries = 200)
  void estimateEqualsFundingAndChangesNothing(@ForAll("scenarios") Scenario s) {
    Funding estimate = s.wallet().estimate(s.at(), s.meter(), s.quantity(), s.charge(), EUR);

    assertThat(estimate.lines()).isEqualTo(fund(s).lines());
  }

  @Property(tries = 300)
  void eachCommandIdAppliesAtMostOnce(@ForAll("commandSequences") List<BalanceCommand> commands) {
    Wallet w = postpaid();
    Set<String> appliedIds = new HashSet<>();
    for (BalanceCommand c : commands) {
      CommandResult r = w.apply(c);
      if (r instanceof CommandResult.Applied) {
        assertThat(appliedIds.add(c.commandId())).as("%s applied twice", c.commandId()).isTrue();
      } else {
        assertThat(r.wallet()).isSameAs(w);
      }
      w = r.wallet();
    }
  }

  @Property(tries = 300)
  void redeliveringEveryCommandChangesNothing(
      @ForAll("commandSequences") List<BalanceCommand> commands) {
    Wallet once = postpaid();
    Wallet twice = postpaid();
    for (BalanceCommand c : commands) {
      once = once.apply(c).wallet();
      twice = twice.apply(c).wallet();
      CommandResult repeat = twice.apply(c);
      assertThat(repeat.movements()).isEmpty();
      twice = repeat.wallet();
    }
    assertThat(twice).isEqualTo(once);
  }

  // -------------------------------------------------------------------------------------------
  // generators

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<BalanceGrant>> money = moneyGrant().list().ofMaxSize(6);
    Arbitrary<List<BalanceGrant>> allowances = allowance().list().ofMaxSize(3);
    Arbitrary<Wallet> wallets =
        Combinators.combine(
                Arbitraries.of(AccountMode.values()),
                Arbitraries.longs().between(0, 5000),
                Arbitraries.longs().between(0, 3000),
                money,
                allowances)
            .as(
                (mode, limit, overdraft, m, a) -> {
                  List<BalanceGrant> grants = new ArrayList<>();
                  Set<String> ids = new HashSet<>();
                  for (BalanceGrant g : m) {
                    if (ids.add(g.id())) {
                      grants.add(g);
                    }
                  }
                  for (BalanceGrant g : a) {
                    if (ids.add(g.id())) {
                      grants.add(g);
                    }
                  }
                  return new Wallet(
                      ACCOUNT,
                      EUR,
                      mode,
                      BurnOrder.DEFAULT,
                      limit,
                      mode == AccountMode.PREPAID_ONLY ? overdraft : 0,
                      0,
                      grants,
                      AppliedCommands.empty(),
                      SpendWindow.empty());
                });
    Arbitrary<BurnOrder> orders =
        Arbitraries.of(
            BurnOrder.DEFAULT,
            BurnOrder.parse("promotional-first,expiry"),
            BurnOrder.parse("created"),
            BurnOrder.parse("prepaid_first,priority"));
    Arbitrary<BigDecimal> quantities =
        Combinators.combine(
                Arbitraries.longs().between(0, 20_000), Arbitraries.integers().between(0, 2))
            .as(BigDecimal::valueOf);
    return Combinators.combine(
            wallets,
            orders,
            Arbitraries.integers().between(0, 240),
            Arbitraries.of("api_calls", "storage"),
            quantities,
            Arbitraries.longs().between(0, 20_000))
        .as(
            (w, order, hours, meter, q, charge) ->
                new Scenario(
                    w.withBurnOrder(order),
                    JAN_10.plus(Duration.ofHours(hours)),
                    meter,
                    q,
                    charge));
  }

  private Arbitrary<BalanceGrant> moneyGrant() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'h').ofLength(2),
            Arbitraries.of(GrantKind.PREPAID, GrantKind.PROMOTIONAL),
            Arbitraries.longs().between(1, 3000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 15),
            Arbitraries.integers().between(1, 20).injectNull(0.4),
            Arbitraries.integers().between(0, 9))
        .as(
            (id, kind, remaining, priority, from, life, created) -> {
              Instant effective = day(from);
              return new MoneyGrant(
                  "m-" + id,
                  kind,
                  remaining,
                  remaining,
                  priority,
                  effective,
                  life == null ? null : effective.plus(Duration.ofDays(life)),
                  day(created),
                  kind == GrantKind.PREPAID ? "top-up" : "promotion:x");
            });
  }

  private Arbitrary<BalanceGrant> allowance() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'h').ofLength(2),
            Arbitraries.of("api_calls", "storage"),
            Arbitraries.longs().between(1, 10_000),
            Arbitraries.integers().between(0, 100),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 12),
            Arbitraries.integers().between(1, 30).injectNull(0.5))
        .as(
            (id, meter, units, usedPct, priority, from, life) -> {
              Instant effective = day(from);
              BigDecimal limit = BigDecimal.valueOf(units, 1);
              BigDecimal used =
                  limit.multiply(BigDecimal.valueOf(usedPct)).divide(BigDecimal.valueOf(100));
              Allowance a =
                  Allowance.of(
                      "a-" + id,
                      meter,
                      limit,
                      priority,
                      effective,
                      life == null ? null : effective.plus(Duration.ofDays(life)),
                      effective,
                      "plan",
                      MONTHLY);
              return new Allowance(
                  a.id(),
                  meter,
                  limit,
                  priority,
                  effective,
                  a.expiry(),
                  effective,
                  "plan",
                  MONTHLY,
                  a.periodStart(),
                  used,
                  BigDecimal.ZERO);
            });
  }

  @Provide
  Arbitrary<List<BalanceCommand>> commandSequences() {
    Arbitrary<String> ids = Arbitraries.of("c1", "c2", "c3", "c4", "c5", "c6");
    Arbitrary<String> grantIds = Arbitraries.of("c1", "c2", "c3", "g1", "g2");
    Arbitrary<Instant> times = Arbitraries.integers().between(0, 20).map(Fixtures::day);
    Arbitrary<String> currencies = Arbitraries.of("EUR", "EUR", "EUR", "USD", "XYZ");
    Arbitrary<BalanceCommand> topUp =
        Combinators.combine(ids, times, Arbitraries.longs().between(-10, 5000), currencies)
            .as((id, at, amount, cur) -> TopUp.of(id, at, amount, cur));
    Arbitrary<BalanceCommand> grant =
        Combinators.combine(ids, times, grantIds, Arbitraries.longs().between(0, 900))
            .as(
                (id, at, gid, amount) ->
                    new Grant(
                        id,
                        at,
                        gid,
                        GrantKind.PROMOTIONAL,
                        amount,
                        "EUR",
                        null,
                        null,
                        null,
                        1,
                        null,
                        null,
                        "promotion:x"));
    Arbitrary<BalanceCommand> revoke =
        Combinators.combine(ids, times, grantIds)
            .as((id, at, gid) -> new Revoke(id, at, gid, "test"));
    Arbitrary<BalanceCommand> adjust =
        Combinators.combine(ids, times, grantIds, Arbitraries.longs().between(-600, 600))
            .as((id, at, gid, d) -> new Adjust(id, at, gid, d, "EUR", "t"));
    Arbitrary<BalanceCommand> limit =
        Combinators.combine(ids, times, Arbitraries.longs().between(-5, 5000))
            .as((id, at, l) -> new SetCreditLimit(id, at, l, "EUR"));
    return Arbitraries.oneOf(topUp, grant, revoke, adjust, limit).list().ofMaxSize(25);
  }

  // --------------------------------------------------------------------------------------------
  // helpers

  private static Funding fund(Scenario s) {
    return s.wallet().fund(s.at(), s.meter(), s.quantity(), s.charge(), EUR, "usage-1");
  }

  private static int rank(FundingSource s) {
    return switch (s) {
      case ALLOWANCE -> 0;
      case PREPAID, PROMOTIONAL -> 1;
      case ON_ACCOUNT -> 2;
    };
  }

  /**
   * The lines draw on a prefix of the ranked grants, in order, and every grant but the last drawn
   * one is used up entirely (the next grant is touched only when the previous one is empty).
   */
  private static void assertPrefixFullyUsedButLast(
      List<FundingLine> lines, List<String> ranked, List<BigDecimal> available, boolean units) {
    assertThat(lines.size()).isLessThanOrEqualTo(ranked.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i).grantId()).isEqualTo(ranked.get(i));
      if (i < lines.size() - 1) {
        BigDecimal taken =
            units ? lines.get(i).units() : BigDecimal.valueOf(lines.get(i).amountMinor());
        assertThat(taken).isEqualByComparingTo(available.get(i));
      }
    }
  }
}

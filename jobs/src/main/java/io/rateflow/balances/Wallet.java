package io.rateflow.balances;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account's balances: its grants, overdraft, credit limit and the memory that applies each
 * command once. Immutable: every operation returns a new wallet with what changed, so an estimate
 * is simply a funding whose wallet is thrown away, and the operator keeps exactly one value per
 * account.
 *
 * <p>All money is in exact minor units of the wallet's single currency; allowance units are {@link
 * BigDecimal}. See {@code docs/balances.md} for the burn order, rounding and state size.
 */
public record Wallet(
    String accountId,
    Currency currency,
    AccountMode mode,
    BurnOrder burnOrder,
    long creditLimitMinor,
    long overdraftMinor,
    long lastTopUpMinor,
    List<BalanceGrant> grants,
    AppliedCommands applied,
    SpendWindow spend) {

  /**
   * Rounding of an allowance's share of a charge. Half-even has no bias over many events; because
   * the shares are rounded cumulatively (see {@link #fund}) the lines still sum exactly to the
   * charge.
   */
  public static final RoundingMode SHARE_ROUNDING = RoundingMode.HALF_EVEN;

  public Wallet {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(burnOrder, "burnOrder");
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(spend, "spend");
    grants = List.copyOf(grants);
    if (creditLimitMinor < 0 || overdraftMinor < 0 || lastTopUpMinor < 0) {
      throw new IllegalArgumentException(
          "account "
              + accountId
              + ": credit limit, overdraft and last top-up"
              + " must not be negative");
    }
  }

  /** A new, empty wallet with the default burn order and no overdraft. */
  public static Wallet open(String accountId, Currency currency, AccountMode mode) {
    return open(accountId, currency, mode, BurnOrder.DEFAULT);
  }

  /** A new, empty wallet with the plan's burn order. */
  public static Wallet open(
      String accountId, Currency currency, AccountMode mode, BurnOrder burnOrder) {
    return new Wallet(
        accountId,
        currency,
        mode,
        burnOrder,
        0,
        0,
        0,
        List.of(),
        AppliedCommands.empty(),
        SpendWindow.empty());
  }

  /** This wallet under another account mode (the profile changed); balances unchanged. */
  public Wallet withMode(AccountMode newMode) {
    return new Wallet(
        accountId,
        currency,
        newMode,
        burnOrder,
        creditLimitMinor,
        overdraftMinor,
        lastTopUpMinor,
        grants,
        applied,
        spend);
  }

  /** This wallet with another overdraft allowance (the account profile's initial credit limit). */
  public Wallet withCreditLimit(long limitMinor) {
    if (limitMinor < 0) {
      throw new IllegalArgumentException("credit limit must not be negative: " + limitMinor);
    }
    return new Wallet(
        accountId,
        currency,
        mode,
        burnOrder,
        limitMinor,
        overdraftMinor,
        lastTopUpMinor,
        grants,
        applied,
        spend);
  }

  /** This wallet under another plan's burn order; balances unchanged. */
  public Wallet withBurnOrder(BurnOrder order) {
    return new Wallet(
        accountId,
        currency,
        mode,
        order,
        creditLimitMinor,
        overdraftMinor,
        lastTopUpMinor,
        grants,
        applied,
        spend);
  }

  // ----------------------------------------------------------------------------------------------
  // funding

  /**
   * Pays a rated charge from the account's grants.
   *
   * <p>Order: first the meter's usable allowances (in burn order), each covering units and the
   * share of the charge for those units; then usable money grants in burn order; whatever is left
   * is one {@code ON_ACCOUNT} line. Grants not yet effective or expired at {@code at} are never
   * used. The lines always sum exactly to {@code chargeMinor}.
   *
   * @param at event time of the usage (decides which grants are usable and which allowance period
   *     counts)
   * @param meter the meter the usage was measured on
   * @param quantity units used, {@code >= 0}
   * @param chargeMinor the rated charge in minor units of {@code currency}, {@code >= 0}
   * @param currency must be the wallet's currency
   * @param usageId the usage (event) id: the cause of the movements, so their ids are deterministic
   * @throws IllegalArgumentException if the currency differs or an amount is negative: these are
   *     rating errors the operator must route to the rejected topic before funding
   */
  public Funding fund(
      Instant at,
      String meter,
      BigDecimal quantity,
      long chargeMinor,
      Currency currency,
      String usageId) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(meter, "meter");
    Objects.requireNonNull(usageId, "usageId");
    if (!this.currency.equals(currency)) {
      throw new IllegalArgumentException(
          "account "
              + accountId
              + ": usage "
              + usageId
              + " is charged in "
              + currency
              + " but the wallet holds "
              + this.currency
              + "; fix the price rule or profile");
    }
    if (quantity.signum() < 0 || chargeMinor < 0) {
      throw new IllegalArgumentException(
          "account "
              + accountId
              + ": usage "
              + usageId
              + " has a negative quantity or charge; refunds are Adjust commands, not usage");
    }
    List<BalanceGrant> next = new ArrayList<>(grants);
    List<FundingLine> lines = new ArrayList<>();
    List<BalanceMovement> movements = new ArrayList<>();
    Comparator<BalanceGrant> order = burnOrder.comparator();

    // 1. the meter's allowances: units first, money follows from the units
    List<Allowance> allowances =
        grants.stream()
            .filter(g -> g instanceof Allowance a && a.meter().equals(meter))
            .map(g -> (Allowance) g)
            .filter(a -> a.remainingAt(at).signum() > 0)
            .sorted(order)
            .toList();
    BigDecimal covered = BigDecimal.ZERO;
    long coveredShare = 0;
    for (Allowance a : allowances) {
      BigDecimal left = quantity.subtract(covered);
      if (left.signum() <= 0) {
        break;
      }
      BigDecimal units = left.min(a.remainingAt(at));
      covered = covered.add(units);
      // cumulative rounding: each line is the rounded share of all covered units so far minus what
      // earlier lines took, so the shares can never add up to more (or less) than the exact total
      long share = share(chargeMinor, covered, quantity) - coveredShare;
      coveredShare += share;
      lines.add(new FundingLine(FundingSource.ALLOWANCE, a.id(), share, units));
      replace(next, a, a.consume(at, units));
      movements.add(
          movement(MovementKind.USAGE, a.id(), 0, units.negate(), at, usageId, movements.size()));
    }

    // 2. money grants in burn order
    long moneyCharge = chargeMinor - coveredShare;
    BigDecimal moneyUnits = quantity.subtract(covered);
    long owed = moneyCharge;
    List<MoneyGrant> money =
        grants.stream()
            .filter(g -> g instanceof MoneyGrant m && m.remainingMinor() > 0 && m.usableAt(at))
            .map(g -> (MoneyGrant) g)
            .sorted(order)
            .toList();
    long drawnSoFar = 0;
    BigDecimal unitsSoFar = BigDecimal.ZERO;
    for (MoneyGrant m : money) {
      if (owed == 0) {
        break;
      }
      long draw = Math.min(owed, m.remainingMinor());
      owed -= draw;
      drawnSoFar += draw;
      BigDecimal unitsTo = apportion(moneyUnits, drawnSoFar, moneyCharge, quantity.scale());
      lines.add(
          new FundingLine(FundingSource.of(m.kind()), m.id(), draw, unitsTo.subtract(unitsSoFar)));
      unitsSoFar = unitsTo;
      MoneyGrant drawn = m.withRemaining(m.remainingMinor() - draw);
      if (drawn.remainingMinor() == 0) {
        // a used-up money grant is dropped to keep state small; a later refund is a new grant
        next.remove(m);
      } else {
        replace(next, m, drawn);
      }
      movements.add(
          movement(
              MovementKind.USAGE, m.id(), -draw, BigDecimal.ZERO, at, usageId, movements.size()));
    }

    // 3. the rest is on account: invoiced (postpaid) or drawn on the overdraft (prepaid-only)
    long overdraft = overdraftMinor;
    long excess = 0;
    if (owed > 0) {
      lines.add(
          new FundingLine(FundingSource.ON_ACCOUNT, null, owed, moneyUnits.subtract(unitsSoFar)));
      if (mode == AccountMode.PREPAID_ONLY) {
        long headroom = Math.max(0, creditLimitMinor - overdraftMinor);
        excess = Math.max(0, owed - headroom);
        // the debt is real even beyond the limit: the event was used and is rated, nothing is
        // dropped
        overdraft = Math.addExact(overdraftMinor, owed);
        movements.add(
            movement(
                MovementKind.USAGE, null, -owed, BigDecimal.ZERO, at, usageId, movements.size()));
      }
    }
    Wallet after =
        new Wallet(
            accountId,
            this.currency,
            mode,
            burnOrder,
            creditLimitMinor,
            overdraft,
            lastTopUpMinor,
            next,
            applied,
            spend.add(at, moneyCharge));
    return new Funding(
        usageId,
        at,
        meter,
        quantity,
        chargeMinor,
        this.currency,
        lines,
        excess > 0,
        excess,
        after,
        movements);
  }

  /**
   * What a charge would draw, without changing anything: the same answer {@link #fund} would give
   * now. (The wallet is immutable, so this is {@code fund} with a fixed cause; the returned wallet
   * is the one the charge <em>would</em> leave, not this one.)
   */
  public Funding estimate(
      Instant at, String meter, BigDecimal quantity, long chargeMinor, Currency currency) {
    return fund(at, meter, quantity, chargeMinor, currency, "estimate");
  }

  private static long share(long chargeMinor, BigDecimal covered, BigDecimal quantity) {
    if (covered.compareTo(quantity) >= 0) {
      return chargeMinor;
    }
    return BigDecimal.valueOf(chargeMinor)
        .multiply(covered)
        .divide(quantity, 0, SHARE_ROUNDING)
        .longValueExact();
  }

  private static BigDecimal apportion(BigDecimal units, long part, long whole, int scale) {
    if (part >= whole) {
      return units;
    }
    return units
        .multiply(BigDecimal.valueOf(part))
        .divide(BigDecimal.valueOf(whole), Math.max(0, scale), SHARE_ROUNDING);
  }

  // ---------------------------------------------------------------------------------------------
  // commands

  /**
   * Applies a balance command exactly once: a command id already applied is rejected as {@code
   * DUPLICATE_COMMAND}, one older than the de-duplication memory as {@code STALE_COMMAND} (see
   * {@link AppliedCommands}). A rejection leaves the wallet unchanged and does not remember the id,
   * so a corrected command may reuse it.
   */
  public CommandResult apply(BalanceCommand command) {
    Objects.requireNonNull(command, "command");
    String id = command.commandId();
    if (applied.contains(id)) {
      return reject(
          CommandRejectionReason.DUPLICATE_COMMAND,
          command,
          "was already applied; ignoring the repeat");
    }
    if (applied.isStale(command.at())) {
      return reject(
          CommandRejectionReason.STALE_COMMAND,
          command,
          "was issued at "
              + command.at()
              + ", at or before "
              + applied.floor()
              + ", the oldest time this account still remembers"
              + " applied commands for; re-issue it with a new command id if it is still wanted");
    }
    CommandResult result;
    if (command instanceof TopUp c) {
      result = topUp(c);
    } else if (command instanceof Grant c) {
      result = grant(c);
    } else if (command instanceof Revoke c) {
      result = revoke(c);
    } else if (command instanceof Adjust c) {
      result = adjust(c);
    } else if (command instanceof SetCreditLimit c) {
      result = setCreditLimit(c);
    } else {
      throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
    }
    if (result instanceof CommandResult.Applied a) {
      Wallet w = a.wallet();
      Wallet remembered =
          new Wallet(
              w.accountId,
              w.currency,
              w.mode,
              w.burnOrder,
              w.creditLimitMinor,
              w.overdraftMinor,
              w.lastTopUpMinor,
              w.grants,
              w.applied.record(id, command.at()),
              w.spend);
      return new CommandResult.Applied(remembered, a.movements());
    }
    return result;
  }

  private CommandResult topUp(TopUp c) {
    Optional<CommandResult> bad = checkMoney(c, c.amountMinor(), c.currency(), true);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (find(c.commandId()).isPresent()) {
      return reject(
          CommandRejectionReason.GRANT_EXISTS,
          c,
          "would create grant " + c.commandId() + ", which exists");
    }
    if (c.expiry() != null && !c.expiry().isAfter(c.at())) {
      return reject(
          CommandRejectionReason.BAD_COMMAND,
          c,
          "expires at " + c.expiry() + ", not after " + c.at());
    }
    List<BalanceMovement> movements = new ArrayList<>();
    movements.add(
        movement(
            MovementKind.TOP_UP,
            c.commandId(),
            c.amountMinor(),
            BigDecimal.ZERO,
            c.at(),
            c.commandId(),
            0));
    // paid money first pays back what a prepaid-only account owes: the customer cannot hold credit
    // and
    // debt at the same time
    long settle = Math.min(overdraftMinor, c.amountMinor());
    if (settle > 0) {
      movements.add(
          movement(
              MovementKind.SETTLEMENT,
              c.commandId(),
              -settle,
              BigDecimal.ZERO,
              c.at(),
              c.commandId(),
              1));
    }
    List<BalanceGrant> next = new ArrayList<>(grants);
    long remaining = c.amountMinor() - settle;
    if (remaining > 0) {
      next.add(
          new MoneyGrant(
              c.commandId(),
              GrantKind.PREPAID,
              c.amountMinor(),
              remaining,
              c.priority(),
              c.at(),
              c.expiry(),
              c.at(),
              "top-up"));
    }
    Wallet w =
        new Wallet(
            accountId,
            currency,
            mode,
            burnOrder,
            creditLimitMinor,
            overdraftMinor - settle,
            c.amountMinor(),
            next,
            applied,
            spend);
    return new CommandResult.Applied(w, movements);
  }

  private CommandResult grant(Grant c) {
    String grantId = c.effectiveGrantId();
    if (find(grantId).isPresent()) {
      return reject(
          CommandRejectionReason.GRANT_EXISTS,
          c,
          "would create grant " + grantId + ", which exists");
    }
    Instant from = c.effectiveFrom() != null ? c.effectiveFrom() : c.at();
    if (c.expiry() != null && !c.expiry().isAfter(from)) {
      return reject(
          CommandRejectionReason.BAD_COMMAND,
          c,
          "expires at " + c.expiry() + ", not after its effective" + " time " + from);
    }
    BalanceGrant granted;
    BalanceMovement movement;
    if (c.kind() == GrantKind.ALLOWANCE) {
      if (c.meter() == null || c.meter().isBlank() || c.cycle() == null) {
        return reject(
            CommandRejectionReason.BAD_COMMAND,
            c,
            "is an allowance without a meter or billing cycle");
      }
      if (c.units() == null || c.units().signum() <= 0) {
        return reject(
            CommandRejectionReason.BAD_AMOUNT,
            c,
            "grants " + c.units() + " units; must be positive");
      }
      granted =
          Allowance.of(
              grantId,
              c.meter(),
              c.units(),
              c.priority(),
              from,
              c.expiry(),
              c.at(),
              c.source(),
              c.cycle());
      movement = movement(MovementKind.GRANT, grantId, 0, c.units(), c.at(), c.commandId(), 0);
    } else {
      Optional<CommandResult> bad = checkMoney(c, c.amountMinor(), c.currency(), true);
      if (bad.isPresent()) {
        return bad.get();
      }
      granted =
          new MoneyGrant(
              grantId,
              c.kind(),
              c.amountMinor(),
              c.amountMinor(),
              c.priority(),
              from,
              c.expiry(),
              c.at(),
              c.source());
      movement =
          movement(
              MovementKind.GRANT,
              grantId,
              c.amountMinor(),
              BigDecimal.ZERO,
              c.at(),
              c.commandId(),
              0);
    }
    List<BalanceGrant> next = new ArrayList<>(grants);
    next.add(granted);
    return new CommandResult.Applied(with(next), List.of(movement));
  }

  private CommandResult revoke(Revoke c) {
    Optional<BalanceGrant> found = find(c.grantId());
    if (found.isEmpty()) {
      return reject(
          CommandRejectionReason.UNKNOWN_GRANT,
          c,
          "revokes grant "
              + c.grantId()
              + ", which this account does not hold (never granted, used up, expired or revoked)");
    }
    BalanceGrant g = found.get();
    BalanceMovement movement;
    if (g instanceof MoneyGrant m) {
      movement =
          movement(
              MovementKind.REVOKE,
              m.id(),
              -m.remainingMinor(),
              BigDecimal.ZERO,
              c.at(),
              c.commandId(),
              0);
    } else {
      Allowance a = (Allowance) g;
      movement =
          movement(
              MovementKind.REVOKE,
              a.id(),
              0,
              a.remainingAt(c.at()).negate(),
              c.at(),
              c.commandId(),
              0);
    }
    List<BalanceGrant> next = new ArrayList<>(grants);
    next.remove(g);
    return new CommandResult.Applied(with(next), List.of(movement));
  }

  private CommandResult adjust(Adjust c) {
    Optional<BalanceGrant> found = find(c.grantId());
    if (found.isEmpty()) {
      return reject(
          CommandRejectionReason.UNKNOWN_GRANT,
          c,
          "adjusts grant "
              + c.grantId()
              + ", which this account does not hold; grant new credit instead");
    }
    if (!(found.get() instanceof MoneyGrant m)) {
      return reject(
          CommandRejectionReason.BAD_COMMAND,
          c,
          "adjusts allowance " + c.grantId() + "; allowances are changed by Revoke and Grant");
    }
    if (c.deltaMinor() == 0) {
      return reject(CommandRejectionReason.BAD_AMOUNT, c, "adjusts by 0");
    }
    Optional<CommandResult> bad = checkMoney(c, Math.abs(c.deltaMinor()), c.currency(), true);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (m.remainingMinor() + c.deltaMinor() < 0) {
      return reject(
          CommandRejectionReason.BAD_AMOUNT,
          c,
          "would take grant "
              + m.id()
              + " below zero: remaining "
              + m.remainingMinor()
              + ", delta "
              + c.deltaMinor());
    }
    MoneyGrant adjusted = m.adjustedBy(c.deltaMinor());
    List<BalanceGrant> next = new ArrayList<>(grants);
    if (adjusted.remainingMinor() == 0) {
      next.remove(m);
    } else {
      replace(next, m, adjusted);
    }
    return new CommandResult.Applied(
        with(next),
        List.of(
            movement(
                MovementKind.ADJUST,
                m.id(),
                c.deltaMinor(),
                BigDecimal.ZERO,
                c.at(),
                c.commandId(),
                0)));
  }

  private CommandResult setCreditLimit(SetCreditLimit c) {
    if (c.limitMinor() < 0) {
      return reject(
          CommandRejectionReason.BAD_AMOUNT,
          c,
          "sets credit limit " + c.limitMinor() + "; must be 0 or more");
    }
    Optional<CommandResult> bad = checkMoney(c, c.limitMinor(), c.currency(), false);
    if (bad.isPresent()) {
      return bad.get();
    }
    Wallet w =
        new Wallet(
            accountId,
            currency,
            mode,
            burnOrder,
            c.limitMinor(),
            overdraftMinor,
            lastTopUpMinor,
            grants,
            applied,
            spend);
    return new CommandResult.Applied(w, List.of());
  }

  private Optional<CommandResult> checkMoney(
      BalanceCommand c, long amount, String code, boolean positive) {
    if (positive ? amount <= 0 : amount < 0) {
      return Optional.of(
          reject(
              CommandRejectionReason.BAD_AMOUNT,
              c,
              "has amount "
                  + amount
                  + (positive ? "; must be positive" : "; must not be negative")));
    }
    if (code == null) {
      return Optional.of(
          reject(
              CommandRejectionReason.UNKNOWN_CURRENCY,
              c,
              "has no currency; expected " + currency.getCurrencyCode()));
    }
    Currency given;
    try {
      given = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          reject(
              CommandRejectionReason.UNKNOWN_CURRENCY,
              c,
              "has currency '" + code + "', which is not an ISO-4217 code"));
    }
    if (!given.equals(currency)) {
      return Optional.of(
          reject(
              CommandRejectionReason.CURRENCY_MISMATCH,
              c,
              "is in " + code + " but the account's wallet holds " + currency.getCurrencyCode()));
    }
    return Optional.empty();
  }

  private CommandResult reject(CommandRejectionReason reason, BalanceCommand c, String what) {
    String type = c.getClass().getSimpleName();
    return new CommandResult.Rejected(
        this,
        new Rejection(
            reason, "account " + accountId + ": " + type + " " + c.commandId() + " " + what));
  }

  // -----------------------------------------------------------------------------------------------
  // expiry

  /**
   * Removes the grants that have expired at {@code now}. Each money grant with credit left produces
   * an {@code EXPIRY} movement for the breakage. Call it with the event-time watermark (not the
   * wall clock), so that late events from before the expiry could still draw on the grant until
   * then.
   */
  public Expiration expire(Instant now) {
    List<BalanceGrant> next = new ArrayList<>();
    List<BalanceMovement> movements = new ArrayList<>();
    for (BalanceGrant g : grants) {
      if (!g.expiredAt(now)) {
        next.add(g);
        continue;
      }
      if (g instanceof MoneyGrant m && m.remainingMinor() > 0) {
        movements.add(
            movement(
                MovementKind.EXPIRY,
                m.id(),
                -m.remainingMinor(),
                BigDecimal.ZERO,
                m.expiry(),
                "expiry:" + m.id(),
                0));
      }
    }
    return new Expiration(with(next), movements);
  }

  /** When the next grant expires (for the operator's timer), if any does. */
  public Optional<Instant> nextExpiry() {
    return grants.stream()
        .map(BalanceGrant::expiry)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  // ---------------------------------------------------------------------------------------------
  // snapshot

  /**
   * The balances as of {@code asOf} (usable totals, every grant, allowance use in the current
   * period).
   */
  public BalanceSnapshot snapshot(Instant asOf) {
    long prepaid = 0;
    long promotional = 0;
    List<MoneyGrant> money = new ArrayList<>();
    List<BalanceSnapshot.AllowanceUsage> allowances = new ArrayList<>();
    for (BalanceGrant g : grants) {
      if (g instanceof MoneyGrant m) {
        money.add(m);
        if (m.usableAt(asOf)) {
          if (m.kind() == GrantKind.PREPAID) {
            prepaid = Math.addExact(prepaid, m.remainingMinor());
          } else {
            promotional = Math.addExact(promotional, m.remainingMinor());
          }
        }
      } else {
        Allowance a = (Allowance) g;
        CyclePeriod p = a.cycle().periodContaining(asOf);
        allowances.add(
            new BalanceSnapshot.AllowanceUsage(
                a.id(),
                a.meter(),
                a.units(),
                a.usedAt(asOf),
                p.start(),
                p.end(),
                a.usableAt(asOf),
                a.expiry()));
      }
    }
    return new BalanceSnapshot(
        accountId,
        currency,
        asOf,
        mode,
        creditLimitMinor,
        overdraftMinor,
        prepaid,
        promotional,
        money,
        allowances,
        lastTopUpMinor,
        spend.spendAsOf(asOf),
        nextExpiry().orElse(null));
  }

  /** The grant with this id, if the account holds it. */
  public Optional<BalanceGrant> find(String grantId) {
    return grants.stream().filter(g -> g.id().equals(grantId)).findFirst();
  }

  // --------------------------------------------------------------------------------------------
  // internals

  private Wallet with(List<BalanceGrant> next) {
    return new Wallet(
        accountId,
        currency,
        mode,
        burnOrder,
        creditLimitMinor,
        overdraftMinor,
        lastTopUpMinor,
        next,
        applied,
        spend);
  }

  private static void replace(List<BalanceGrant> list, BalanceGrant old, BalanceGrant updated) {
    list.set(list.indexOf(old), updated);
  }

  private BalanceMovement movement(
      MovementKind kind,
      String grantId,
      long amount,
      BigDecimal units,
      Instant at,
      String cause,
      int index) {
    return new BalanceMovement(
        DeterministicId.of(accountId, cause, index),
        accountId,
        kind,
        grantId,
        amount,
        units,
        currency,
        at,
        cause);
  }
}

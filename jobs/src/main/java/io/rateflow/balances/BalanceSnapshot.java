package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable view of an account's balances as of one instant: what the compacted balances topic
 * carries, and what the {@code TriggerBook} decides from.
 *
 * @param prepaidMinor paid credit usable at {@code asOf}
 * @param promotionalMinor promotional credit usable at {@code asOf}
 * @param overdraftMinor what a prepaid-only account owes on its overdraft (0 for postpaid)
 * @param moneyGrants every money grant still held, including not-yet-effective ones
 * @param allowances every allowance, with its use in the period containing {@code asOf}
 * @param lastTopUpMinor amount of the most recent top-up (0 if none), for "below x% of last top-up"
 * @param spendLast7DaysMinor money charged (beyond allowances) in the 7 UTC days ending {@code
 *     asOf}
 * @param nextExpiry the next instant at which a grant expires, or {@code null}
 */
public record BalanceSnapshot(
    String accountId,
    Currency currency,
    Instant asOf,
    AccountMode mode,
    long creditLimitMinor,
    long overdraftMinor,
    long prepaidMinor,
    long promotionalMinor,
    List<MoneyGrant> moneyGrants,
    List<AllowanceUsage> allowances,
    long lastTopUpMinor,
    long spendLast7DaysMinor,
    Instant nextExpiry) {

  /** One allowance's use in the period containing {@code asOf}. */
  public record AllowanceUsage(
      String grantId,
      String meter,
      BigDecimal limit,
      BigDecimal used,
      Instant periodStart,
      Instant periodEnd,
      boolean usable,
      Instant expiry) {}

  /** Limit and use of one meter summed over its usable allowances. */
  public record MeterAllowance(
      String meter, BigDecimal limit, BigDecimal used, Instant periodStart) {}

  public BalanceSnapshot {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(currency, "currency");
    moneyGrants = List.copyOf(moneyGrants);
    allowances = List.copyOf(allowances);
  }

  /** Money credit usable now: prepaid plus promotional. */
  public long availableMinor() {
    return Math.addExact(prepaidMinor, promotionalMinor);
  }

  /**
   * How much more a prepaid-only account may draw on its overdraft (0 for postpaid: not
   * applicable).
   */
  public long headroomMinor() {
    return mode == AccountMode.PREPAID_ONLY ? Math.max(0, creditLimitMinor - overdraftMinor) : 0;
  }

  /**
   * Usable allowances summed per meter (a plan allowance plus a promotional one count together).
   */
  public Map<String, MeterAllowance> allowanceByMeter() {
    Map<String, MeterAllowance> byMeter = new LinkedHashMap<>();
    for (AllowanceUsage a : allowances) {
      if (!a.usable()) {
        continue;
      }
      byMeter.merge(
          a.meter(),
          new MeterAllowance(a.meter(), a.limit(), a.used(), a.periodStart()),
          (x, y) ->
              new MeterAllowance(
                  x.meter(),
                  x.limit().add(y.limit()),
                  x.used().add(y.used()),
                  x.periodStart().isBefore(y.periodStart()) ? x.periodStart() : y.periodStart()));
    }
    return byMeter;
  }
}

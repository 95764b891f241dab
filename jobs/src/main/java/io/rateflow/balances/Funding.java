package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * How one charge is paid: the lines (which always sum exactly to {@code chargeMinor}), the wallet
 * after drawing them, and the balance movements that record the draw.
 *
 * @param exceedsLimit a prepaid-only account could not cover the charge even with its overdraft:
 *     the event is still rated and the remainder still an {@code ON_ACCOUNT} line, but the operator
 *     should raise the {@code exhausted} trigger
 * @param excessMinor how much of the {@code ON_ACCOUNT} line lies beyond the credit limit (0 unless
 *     {@code exceedsLimit})
 */
public record Funding(
    String usageId,
    Instant at,
    String meter,
    BigDecimal quantity,
    long chargeMinor,
    Currency currency,
    List<FundingLine> lines,
    boolean exceedsLimit,
    long excessMinor,
    Wallet wallet,
    List<BalanceMovement> movements) {

  public Funding {
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(wallet, "wallet");
    Objects.requireNonNull(movements, "movements");
    lines = List.copyOf(lines);
    movements = List.copyOf(movements);
    long sum = 0;
    for (FundingLine line : lines) {
      sum = Math.addExact(sum, line.amountMinor());
    }
    // the one invariant the whole charging chain relies on: nothing is lost or invented
    if (sum != chargeMinor) {
      throw new IllegalStateException(
          "funding lines sum to " + sum + " but the charge is " + chargeMinor);
    }
  }

  /** The part of the charge paid from {@code source} (0 if no line uses it). */
  public long amountFrom(FundingSource source) {
    return lines.stream()
        .filter(l -> l.source() == source)
        .mapToLong(FundingLine::amountMinor)
        .sum();
  }
}

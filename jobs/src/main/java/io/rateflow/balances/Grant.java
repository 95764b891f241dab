package io.rateflow.balances;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Give the account a grant: promotional or prepaid money ({@link #money}), or an allowance of
 * included units of a meter ({@link #allowance}), e.g. from the plan or a promotion.
 *
 * @param grantId id of the new grant; {@code null} means "the command id"
 * @param amountMinor money amount (money kinds only; 0 for an allowance)
 * @param currency ISO-4217 code (money kinds only; {@code null} for an allowance)
 * @param meter the meter an allowance covers ({@code null} for money)
 * @param units units per billing period (allowance only; {@code null} for money)
 * @param cycle when the allowance resets (allowance only)
 * @param effectiveFrom usable from; {@code null} means {@code at}
 * @param expiry usable until (exclusive); {@code null} means never expires
 * @param source e.g. {@code promotion:welcome}, {@code plan}, {@code goodwill}
 */
public record Grant(
    String commandId,
    Instant at,
    String grantId,
    GrantKind kind,
    long amountMinor,
    String currency,
    String meter,
    BigDecimal units,
    BillingCycle cycle,
    int priority,
    Instant effectiveFrom,
    Instant expiry,
    String source)
    implements BalanceCommand {

  public Grant {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }

  /** A money grant (PREPAID or PROMOTIONAL) effective from {@code at}. */
  public static Grant money(
      String commandId,
      Instant at,
      GrantKind kind,
      long amountMinor,
      String currency,
      int priority,
      Instant expiry,
      String source) {
    return new Grant(
        commandId,
        at,
        null,
        kind,
        amountMinor,
        currency,
        null,
        null,
        null,
        priority,
        null,
        expiry,
        source);
  }

  /**
   * An allowance of {@code units} of {@code meter} per period of {@code cycle}, effective from
   * {@code at}.
   */
  public static Grant allowance(
      String commandId,
      Instant at,
      String meter,
      BigDecimal units,
      BillingCycle cycle,
      int priority,
      Instant expiry,
      String source) {
    return new Grant(
        commandId,
        at,
        null,
        GrantKind.ALLOWANCE,
        0,
        null,
        meter,
        units,
        cycle,
        priority,
        null,
        expiry,
        source);
  }

  /** The id of the grant this command creates. */
  public String effectiveGrantId() {
    return grantId != null ? grantId : commandId;
  }
}

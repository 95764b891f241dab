package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AllowanceView;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.GrantView;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.balances.Adjust;
import io.rateflow.balances.BalanceMovement;
import io.rateflow.balances.BalanceSnapshot;
import io.rateflow.balances.BillingCycle;
import io.rateflow.balances.Grant;
import io.rateflow.balances.GrantKind;
import io.rateflow.balances.MoneyGrant;
import io.rateflow.balances.Revoke;
import io.rateflow.balances.SetCreditLimit;
import io.rateflow.balances.TopUp;
import io.rateflow.balances.promotions.PromotionOffer;
import io.rateflow.balances.triggers.Trigger;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Translates between the balance topics' Avro records and the pure-Java balances domain. */
public final class BalanceMapping {
  private BalanceMapping() {}

  /**
   * The domain command of a record; allowance periods are calendar months in the account's zone.
   */
  public static io.rateflow.balances.BalanceCommand command(BalanceCommand c, AccountProfile p) {
    Instant at = c.getIssuedAt();
    String currency = c.getCurrency();
    return switch (c.getType()) {
      case TOP_UP ->
          new TopUp(
              c.getCommandId(), at, c.getAmountMinor(), currency, c.getPriority(), c.getExpiry());
      case GRANT -> {
        if (c.getGrantKind() == null) {
          throw new IllegalArgumentException(
              "GRANT command " + c.getCommandId() + " has no grant_kind");
        }
        GrantKind kind = GrantKind.valueOf(c.getGrantKind().name());
        if (kind == GrantKind.ALLOWANCE) {
          ZoneId zone = ZoneId.of(p.getTimeZone());
          Instant monthStart =
              ZonedDateTime.ofInstant(at, zone)
                  .withDayOfMonth(1)
                  .toLocalDate()
                  .atStartOfDay(zone)
                  .toInstant();
          BillingCycle cycle = new BillingCycle(monthStart, java.time.Period.ofMonths(1), zone);
          yield new Grant(
              c.getCommandId(),
              at,
              c.getGrantId(),
              kind,
              0,
              null,
              c.getMeter(),
              c.getUnits() == null ? null : new BigDecimal(c.getUnits()),
              cycle,
              c.getPriority(),
              null,
              c.getExpiry(),
              c.getSource());
        }
        yield new Grant(
            c.getCommandId(),
            at,
            c.getGrantId(),
            kind,
            c.getAmountMinor(),
            currency,
            null,
            null,
            null,
            c.getPriority(),
            null,
            c.getExpiry(),
            c.getSource());
      }
      case REVOKE -> new Revoke(c.getCommandId(), at, c.getGrantId(), c.getReason());
      case ADJUST ->
          new Adjust(
              c.getCommandId(), at, c.getGrantId(), c.getAmountMinor(), currency, c.getReason());
      case SET_CREDIT_LIMIT ->
          new SetCreditLimit(c.getCommandId(), at, c.getAmountMinor(), currency);
    };
  }

  public static BalanceMovementRecord movement(
      BalanceMovement m, AccountProfile p, String grantKind) {
    return BalanceMovementRecord.newBuilder()
        .setMovementId(m.id())
        .setAccountId(m.accountId())
        .setKind(m.kind().name())
        .setGrantId(m.grantId())
        .setGrantKind(grantKind)
        .setAmountMinor(m.amountMinor())
        .setUnits(m.units().toPlainString())
        .setCurrency(m.currency().getCurrencyCode())
        .setCurrencyDigits(m.currency().getDefaultFractionDigits())
        .setAt(m.at())
        .setCause(m.cause())
        .setLegalEntity(p.getLegalEntity())
        .setGlCustomerCode(p.getGlCustomerCode())
        .setRegion(p.getRegion())
        .build();
  }

  public static BalanceView view(BalanceSnapshot s) {
    List<GrantView> grants = new ArrayList<>();
    for (MoneyGrant g : s.moneyGrants()) {
      grants.add(
          new GrantView(g.id(), g.kind().name(), g.remainingMinor(), g.priority(), g.expiry()));
    }
    List<AllowanceView> allowances = new ArrayList<>();
    for (BalanceSnapshot.MeterAllowance a : s.allowanceByMeter().values()) {
      allowances.add(
          new AllowanceView(
              a.meter(), a.limit().toPlainString(), a.used().toPlainString(), a.periodStart()));
    }
    return BalanceView.newBuilder()
        .setAccountId(s.accountId())
        .setCurrency(s.currency().getCurrencyCode())
        .setCurrencyDigits(s.currency().getDefaultFractionDigits())
        .setAsOf(s.asOf())
        .setPrepaidMinor(s.prepaidMinor())
        .setPromotionalMinor(s.promotionalMinor())
        .setOverdraftMinor(s.overdraftMinor())
        .setCreditLimitMinor(s.creditLimitMinor())
        .setGrants(grants)
        .setAllowances(allowances)
        .build();
  }

  public static PromotionTriggerRecord trigger(Trigger t) {
    return new PromotionTriggerRecord(
        t.id(),
        t.accountId(),
        t.kind().name(),
        t.conditionKey(),
        t.period(),
        t.detail() == null ? "" : t.detail(),
        t.at());
  }

  public static PromotionTriggerRecord offer(PromotionOffer o) {
    return new PromotionTriggerRecord(
        o.id(),
        o.accountId(),
        "PROMOTION_OFFER",
        "promotion:" + o.ruleId(),
        o.period(),
        o.coupon() + ": " + o.message(),
        o.at());
  }

  public static PromotionTriggerRecord grantApplied(Grant g, String accountId) {
    return new PromotionTriggerRecord(
        "promo-grant:" + g.commandId(),
        accountId,
        "PROMOTION_GRANT",
        g.source(),
        g.at().toString(),
        "granted " + g.amountMinor() + " minor units of " + g.currency() + " (" + g.source() + ")",
        g.at());
  }
}

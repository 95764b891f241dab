package io.rateflow.ledger;

import java.time.Instant;
import java.util.Currency;

/** A small chart of accounts and fact builders shared by the ledger tests. */
final class LedgerFixtures {

  static final Currency USD = Currency.getInstance("USD");
  static final Currency EUR = Currency.getInstance("EUR");
  static final Currency JPY = Currency.getInstance("JPY");

  /** Mid-January 2026, noon UTC: the same day in every zone used here. */
  static final Instant JAN_15 = Instant.parse("2026-01-15T12:00:00Z");

  static final String CHART =
      """
            id: test-gl
            version: 1
            effective_from: 2026-01-01T00:00:00Z
            legal_entities:
              - {code: RF-US, time_zone: America/New_York}
              - {code: RF-DE, time_zone: Europe/Berlin}
              - {code: RF-JP, time_zone: Asia/Tokyo}
            accounts:
              - {role: RECEIVABLE_UNBILLED,    account: "1210"}
              - {role: USAGE_REVENUE,          account: "4000"}
              - {role: USAGE_REVENUE,          account: "4010", product: gpu-seconds}
              - {role: USAGE_REVENUE,          account: "4020", region: eu-west}
              - {role: USAGE_REVENUE,          account: "8400", legal_entity: RF-DE}
              - {role: USAGE_REVENUE,          account: "8410", legal_entity: RF-DE, product: gpu-seconds}
              - {role: CUSTOMER_PREPAYMENTS,   account: "2300"}
              - {role: CUSTOMER_PREPAYMENTS,   account: "1710", legal_entity: RF-DE}
              - {role: CASH_CLEARING,          account: "1090"}
              - {role: PROMOTIONAL_DISCOUNT,   account: "4900"}
              - {role: BREAKAGE_INCOME,        account: "4800"}
              - {role: PREPAID_GRANT_CLEARING, account: "1095"}
              - {role: REFUNDS_PAYABLE,        account: "2310"}
              - {role: PREPAID_ADJUSTMENTS,    account: "6850"}
            """;

  /**
   * {@link #CHART} (which, written before recurring charges, has no rows for their roles) with rows
   * for them: recurring revenue 4100 (8420 in Germany), proration credits 4950, minimum commitment
   * 4200.
   */
  static final String CHART_WITH_RECURRING =
      CHART.replace("version: 1", "version: 2")
          + """
              - {role: RECURRING_REVENUE,          account: "4100"}
              - {role: RECURRING_REVENUE,          account: "8420", legal_entity: RF-DE}
              - {role: PRORATION_CREDITS,          account: "4950"}
              - {role: MINIMUM_COMMITMENT_REVENUE, account: "4200"}
            """;

  private LedgerFixtures() {}

  /** The chart of accounts written before recurring charges: their roles fall back. */
  static ChartOfAccounts chart() {
    return ChartOfAccountsParser.parse("test-gl.yaml", CHART);
  }

  /** The chart with accounts of its own for recurring revenue, proration credits and minimums. */
  static ChartOfAccounts chartWithRecurring() {
    return ChartOfAccountsParser.parse("test-gl.yaml", CHART_WITH_RECURRING);
  }

  static Journal journal() {
    return new Journal(chart());
  }

  /** A US on-account charge of {@code minor} cents of product api-calls, event e-{id}. */
  static ChargeFact charge(String id, long minor) {
    return new ChargeFact(
        "c-" + id,
        "e-" + id,
        "acct-1",
        "api-calls",
        minor,
        USD,
        FundingSource.ON_ACCOUNT,
        null,
        JAN_15,
        "us-east",
        "smb",
        "RF-US",
        "CUST-001");
  }

  /** A US on-account charge of {@code minor} cents of this kind for {@code product}. */
  static ChargeFact charge(String id, long minor, RevenueKind kind, String product) {
    ChargeFact c = charge(id, minor);
    return new ChargeFact(
        c.chargeId(),
        c.eventId(),
        c.accountId(),
        product,
        c.amountMinor(),
        c.currency(),
        c.fundingSource(),
        c.grantId(),
        c.eventTime(),
        c.region(),
        c.segment(),
        c.legalEntity(),
        c.glCustomerCode(),
        kind);
  }

  static ChargeFact charge(String id, long minor, FundingSource funding) {
    return charge(id, minor)
        .withFunding(funding, funding == FundingSource.ON_ACCOUNT ? null : "g-1");
  }

  /** A US movement of {@code minor} cents on acct-1. */
  static MovementFact movement(String id, MovementKind kind, GrantKind grantKind, long minor) {
    return new MovementFact(
        "m-" + id,
        "acct-1",
        kind,
        grantKind,
        "g-1",
        minor,
        USD,
        JAN_15,
        "RF-US",
        "CUST-001",
        "us-east");
  }
}

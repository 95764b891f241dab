package io.rateflow.ledger;

/**
 * The posting rules table: for each kind of fact, which role is debited and which credited. This is
 * the one place the accounting policy lives; {@code docs/ledger.md} shows it as a table.
 */
public final class PostingRules {

  private PostingRules() {}

  /**
   * The rule for a charge, by what it is for and what paid it. Usage books as {@link
   * #forCharge(FundingSource)}. The other kinds credit their own revenue role against the debit the
   * funding source gives usage, so they land on journal lines of their own:
   *
   * <ul>
   *   <li>recurring units and subscription fees: {@link PostingRole#RECURRING_REVENUE};
   *   <li>a positive proration (units added) too; a negative one (units removed, a plan left) is a
   *       contra-revenue credit, {@link PostingRole#PRORATION_CREDITS}, shown apart from the
   *       revenue it reduces (its sides flip as for any negative amount);
   *   <li>a minimum-spend true-up: {@link PostingRole#MINIMUM_COMMITMENT_REVENUE}, a negative
   *       adjustment reversing it.
   * </ul>
   *
   * Allowance-funded charges of any kind are memos, as for usage.
   *
   * @param amountMinor the charge's signed amount: only its sign matters (a proration's direction)
   */
  public static PostingRule forCharge(RevenueKind kind, FundingSource funding, long amountMinor) {
    if (kind == RevenueKind.USAGE) {
      return forCharge(funding);
    }
    boolean credit = amountMinor < 0;
    EntryKind entryKind =
        switch (kind) {
          case RECURRING -> EntryKind.RECURRING_CHARGE;
          case SUBSCRIPTION_FEE -> EntryKind.SUBSCRIPTION_FEE;
          case PRORATION -> credit ? EntryKind.PRORATION_CREDIT : EntryKind.PRORATION_CHARGE;
          case MINIMUM_TRUE_UP -> EntryKind.MINIMUM_TRUE_UP;
          case USAGE -> throw new IllegalStateException("usage is handled above");
        };
    if (funding == FundingSource.ALLOWANCE) {
      // Units of the plan's allowance: the plan fee carries their revenue, as for usage.
      return PostingRule.memo(entryKind);
    }
    PostingRole revenue =
        switch (kind) {
          case RECURRING, SUBSCRIPTION_FEE -> PostingRole.RECURRING_REVENUE;
          // A credit for units removed is a fact of its own (contra-revenue), not less revenue.
          case PRORATION -> credit ? PostingRole.PRORATION_CREDITS : PostingRole.RECURRING_REVENUE;
          case MINIMUM_TRUE_UP -> PostingRole.MINIMUM_COMMITMENT_REVENUE;
          case USAGE -> throw new IllegalStateException("usage is handled above");
        };
    // Whoever pays usage pays these the same way: receivable, prepayment or promotion.
    return new PostingRule(entryKind, forCharge(funding).debit(), revenue);
  }

  /** The rule for a usage charge, by what paid it. */
  public static PostingRule forCharge(FundingSource funding) {
    return switch (funding) {
      // Revenue is earned when the usage happens; the invoice comes later from the ERP's billing
      // run.
      case ON_ACCOUNT ->
          new PostingRule(
              EntryKind.USAGE_ON_ACCOUNT,
              PostingRole.RECEIVABLE_UNBILLED,
              PostingRole.USAGE_REVENUE);
      // The service owed for the prepayment is now delivered: the liability turns into revenue.
      case PREPAID ->
          new PostingRule(
              EntryKind.USAGE_PREPAID, PostingRole.CUSTOMER_PREPAYMENTS, PostingRole.USAGE_REVENUE);
      // Gross revenue with a contra-revenue discount, so list-price revenue and promotion cost both
      // show.
      case PROMOTIONAL ->
          new PostingRule(
              EntryKind.USAGE_PROMOTIONAL,
              PostingRole.PROMOTIONAL_DISCOUNT,
              PostingRole.USAGE_REVENUE);
      // The plan fee already carries this revenue (booked by subscription billing): booking it
      // again
      // per unit would count it twice. Recorded as a memo for the audit trail.
      case ALLOWANCE -> PostingRule.memo(EntryKind.USAGE_ALLOWANCE);
    };
  }

  /** The rule for a balance movement, by what happened and to which kind of credit. */
  public static PostingRule forMovement(MovementKind kind, GrantKind grantKind) {
    if (grantKind == GrantKind.PROMOTIONAL) {
      // Promotional credit is a promise of a future discount, not money owed: no liability at
      // grant,
      // nothing to release at expiry or revoke. Its cost is booked as a discount when it is used.
      return PostingRule.memo(
          switch (kind) {
            case GRANT, TOP_UP -> EntryKind.PROMOTIONAL_GRANT;
            case REVOKE -> EntryKind.PROMOTIONAL_REVOKE;
            case ADJUST -> EntryKind.PROMOTIONAL_ADJUST;
            case EXPIRY -> EntryKind.PROMOTIONAL_EXPIRY;
            // promotional credit never settles debt; should one appear, it moves no money
            case SETTLEMENT -> EntryKind.PROMOTIONAL_ADJUST;
          });
    }
    return switch (kind) {
      // Cash in, service owed: a liability until the credit is used, refunded or expires.
      case TOP_UP ->
          new PostingRule(
              EntryKind.PREPAID_TOP_UP,
              PostingRole.CASH_CLEARING,
              PostingRole.CUSTOMER_PREPAYMENTS);
      // Prepaid credit sold without a top-up (a committed-spend contract): the ERP invoices it and
      // clears the clearing account; Rateflow only books the liability it now carries.
      case GRANT ->
          new PostingRule(
              EntryKind.PREPAID_GRANT,
              PostingRole.PREPAID_GRANT_CLEARING,
              PostingRole.CUSTOMER_PREPAYMENTS);
      // Unused prepaid credit taken back is owed back to the customer.
      case REVOKE ->
          new PostingRule(
              EntryKind.PREPAID_REVOKE,
              PostingRole.CUSTOMER_PREPAYMENTS,
              PostingRole.REFUNDS_PAYABLE);
      // A manual increase costs the company (goodwill or an error fix); a decrease (negative)
      // reverses.
      case ADJUST ->
          new PostingRule(
              EntryKind.PREPAID_ADJUST,
              PostingRole.PREPAID_ADJUSTMENTS,
              PostingRole.CUSTOMER_PREPAYMENTS);
      // Breakage: credit that lapsed unused is no longer owed and becomes income.
      case EXPIRY ->
          new PostingRule(
              EntryKind.PREPAID_EXPIRY,
              PostingRole.CUSTOMER_PREPAYMENTS,
              PostingRole.BREAKAGE_INCOME);
      // The overdraft a prepaid-only account ran up was booked as a receivable; the prepayment
      // that pays it off moves from the liability to clear that receivable.
      case SETTLEMENT ->
          new PostingRule(
              EntryKind.PREPAID_SETTLEMENT,
              PostingRole.CUSTOMER_PREPAYMENTS,
              PostingRole.RECEIVABLE_UNBILLED);
    };
  }
}

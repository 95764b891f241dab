package io.rateflow.balances;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One part of a charge and what pays for it.
 *
 * @param source where it is paid from
 * @param grantId the grant drawn on; {@code null} for {@link FundingSource#ON_ACCOUNT}
 * @param amountMinor the part of the charge, in minor units of the charge currency (may be 0 for an
 *     allowance line when the charge is 0: the units were still used)
 * @param units the units this line pays for: exact for allowance lines; for money lines the
 *     uncovered units apportioned by amount (informative, rounded at the quantity's scale)
 */
public record FundingLine(
    FundingSource source, String grantId, long amountMinor, BigDecimal units) {
  public FundingLine {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(units, "units");
    if (amountMinor < 0) {
      throw new IllegalArgumentException(
          "funding line amount must not be negative: " + amountMinor);
    }
    if ((source == FundingSource.ON_ACCOUNT) != (grantId == null)) {
      throw new IllegalArgumentException(
          "an ON_ACCOUNT line has no grant id, every other line has one");
    }
  }
}

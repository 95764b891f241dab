package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.account;
import static io.rateflow.pricing.Fixtures.priced;
import static io.rateflow.pricing.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Promotions of the demo's startup list: time-limited, per meter, shown in the breakdown. */
class PromotionTest {
  private static final AccountContext STARTUP = account("acc-s", "pro", "startup", "USD");
  private final RuleSet rules = load();

  private static RuleSet load() {
    try {
      return RuleFiles.parse(Fixtures.rulesDir().resolve("examples/startup-usd.yaml"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private RatingResult.Priced price(
      String meter, String quantity, String instant, AccountContext account) {
    return priced(
        rules.rate(account, usage(meter, quantity, Instant.parse(instant), Map.of()), null));
  }

  @Test
  void percentOffDuringThePromotion() {
    // 20,000 calls: 10,000 free + 10,000 × 0.001 = 10.00, 20% off
    RatingResult.Priced p = price("api_calls", "20000", "2026-06-30T23:59:59Z", STARTUP);
    assertThat(p.amountMinor()).isEqualTo(800);
    assertThat(p.breakdown())
        .last()
        .isEqualTo(
            new PriceComponent(
                "discount", "Launch offer: 20% off API calls", "1", "-2.00", "-2.00"));
    assertThat(price("api_calls", "20000", "2026-07-01T00:00:00Z", STARTUP).amountMinor())
        .as("the promotion has ended")
        .isEqualTo(1000);
  }

  @Test
  void amountOffNeverTurnsAChargeIntoACredit() {
    assertThat(price("sms", "151", "2026-02-01T00:00:00Z", STARTUP).amountMinor())
        .isEqualTo(125); // 1.50 − 0.25
    RatingResult.Priced free = price("sms", "10", "2026-02-01T00:00:00Z", STARTUP);
    assertThat(free.amountMinor()).isZero();
    assertThat(free.breakdown()).isEmpty();
    assertThat(price("sms", "151", "2026-04-01T00:00:00Z", STARTUP).amountMinor()).isEqualTo(150);
  }

  @Test
  void promotionsLimitedToAnAudienceSkipOtherAccounts() throws Exception {
    RuleSet limited =
        RuleParser.parse(
            """
                id: promo
                version: 1
                effective_from: 2026-01-01T00:00:00Z
                currency: USD
                meters:
                  calls:
                    unit: call
                    aggregation: sum
                    price: { model: per_unit, unit_price: 1 }
                promotions:
                  - id: vip
                    percent_off: 50
                    accounts: [acc-vip]
                """,
            "promo.yaml");
    Usage u = usage("calls", "1");
    assertThat(priced(limited.rate(account("acc-vip", "pro", "smb", "USD"), u, null)).amountMinor())
        .isEqualTo(50);
    assertThat(priced(limited.rate(account("acc-x", "pro", "smb", "USD"), u, null)).amountMinor())
        .isEqualTo(100);
  }
}

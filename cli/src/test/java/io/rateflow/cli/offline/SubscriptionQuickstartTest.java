package io.rateflow.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The README's subscription walk-through, rated offline as of the time it names: the amounts it and
 * pricing-rules/README.md promise, checked by hand below, come out of the published example rules
 * and the quickstart files.
 */
class SubscriptionQuickstartTest {
  static final Path HOME = Path.of("..");

  @Test
  void theQuickstartsSeatsFeesAndTrueUpAddUpAsDocumented() throws Exception {
    OfflineRating.Result r =
        OfflineRating.rate(
            HOME.resolve("pricing-rules"),
            HOME.resolve("docs/quickstart/subscription-accounts.jsonl"),
            HOME.resolve("docs/quickstart/subscription-events.jsonl"),
            1,
            Instant.parse("2026-12-02T15:00:00Z"));
    assertThat(r.rejected()).isEmpty();
    Map<String, Long> byPeriod = new TreeMap<>();
    for (Charge c : r.charges()) {
      byPeriod.merge(c.getAccountId() + " " + c.getBillingPeriod(), c.getAmountMinor(), Long::sum);
    }
    assertThat(byPeriod)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    // platform 49.00 + priority support 150.00 + 12 seats from the 1st (10 × 12.00
                    // + 2 × 9.00 + the tier's 25.00 fee) − 2 seats for 15 of 30 days (9.00) =
                    // 353.00, trued up to the 500.00 minimum
                    "b-1 2026-11", 50_000L,
                    // 10 seats 120.00 + an 11th for 30 of 31 days (8.71) and tier 2's fee 25.00 +
                    // the two fees 199.00
                    "b-1 2026-12", 35_271L,
                    // New York: platform 49.00 + 4 seats for 21/30 (33.60) − 1 for 11/30 (4.40) + 1
                    // for 6/30 (2.40)
                    "t-1 2026-11", 8_060L,
                    // 4 seats 48.00 + 2 for 30/31 (23.23) + platform 49.00
                    "t-1 2026-12", 12_023L)));
  }
}

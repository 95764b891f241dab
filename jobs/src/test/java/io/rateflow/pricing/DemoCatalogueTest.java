package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.account;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's catalogue, loaded as the job loads it: which list prices what, and that every demo
 * event prices.
 */
class DemoCatalogueTest {
  private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");
  private final PriceBook book = load();

  private static PriceBook load() {
    PriceBook book = new PriceBook();
    try {
      RuleFiles.parseAll(Fixtures.rulesDir().resolve("examples")).forEach(book::add);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return book;
  }

  private String selected(AccountContext account, String meter) {
    return book.select(account, meter, T).map(RuleSet::id).orElse("none");
  }

  @Test
  void segmentListsOverrideOnlyTheMetersTheyPrice() {
    AccountContext enterprise = account("acc-e", "pro", "enterprise", "USD");
    assertThat(selected(enterprise, "api_calls")).isEqualTo("enterprise-usd");
    assertThat(selected(enterprise, "compute_minutes")).isEqualTo("enterprise-usd");
    assertThat(selected(enterprise, "storage_gb")).isEqualTo("public-usd");
    assertThat(selected(enterprise, "payments")).isEqualTo("public-usd");
    AccountContext startup = account("acc-s", "free", "startup", "USD");
    assertThat(selected(startup, "api_calls")).isEqualTo("startup-usd");
    assertThat(selected(startup, "active_users")).isEqualTo("public-usd");
    assertThat(selected(account("acc-f", "pro", "smb", "EUR"), "sms")).isEqualTo("public-eur");
    assertThat(selected(account("acc-j", "pro", "enterprise", "JPY"), "api_calls"))
        .isEqualTo("public-jpy");
    assertThat(selected(account("acc-g", "pro", "smb", "GBP"), "api_calls")).isEqualTo("none");
    assertThat(book.knowsMeter("sms")).isTrue();
    assertThat(book.knowsMeter("fax_pages")).isFalse();
  }

  @Test
  void everyDemoMeterPricesATypicalEventInEveryCurrency() {
    Map<String, Usage> events =
        Map.of(
            "api_calls", usage("api_calls", "250", Map.of(), null),
            "storage_gb", usage("storage_gb", "12.5", Map.of(), null),
            "compute_minutes", usage("compute_minutes", "30", Map.of(), null),
            "payments", usage("payments", "1", Map.of(), "49.99"),
            "data_transfer_gb", usage("data_transfer_gb", "3.2", Map.of("region", "eu"), null),
            "sms", usage("sms", "120", Map.of(), null),
            "active_users", usage("active_users", "1", Map.of("user_id", "u-42"), null));
    for (String currency : new String[] {"USD", "EUR", "JPY"}) {
      AccountContext acc =
          new AccountContext("acc", "pro", "smb", currency, ZoneId.of("America/New_York"));
      events.forEach(
          (meter, usage) -> {
            RuleSet rules = book.select(acc, meter, T).orElseThrow();
            assertThat(rules.rate(acc, usage, null))
                .as("%s %s", currency, meter)
                .isInstanceOf(RatingResult.Priced.class);
          });
    }
  }

  private static Usage usage(
      String meter, String quantity, Map<String, String> attributes, String value) {
    return new Usage(
        "evt-" + meter,
        meter,
        new BigDecimal(quantity),
        T,
        attributes,
        value == null ? null : new BigDecimal(value),
        null);
  }
}

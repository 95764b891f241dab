package io.rateflow.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BillingCycleTest {

  @Test
  void monthlyFromTheThirtyFirstDoesNotDrift() {
    BillingCycle c = BillingCycle.monthly(Instant.parse("2026-01-31T00:00:00Z"));

    assertThat(c.periodContaining(Instant.parse("2026-02-15T00:00:00Z")))
        .isEqualTo(
            new CyclePeriod(
                Instant.parse("2026-01-31T00:00:00Z"), Instant.parse("2026-02-28T00:00:00Z")));
    assertThat(c.periodContaining(Instant.parse("2026-03-30T12:00:00Z")))
        .isEqualTo(
            new CyclePeriod(
                Instant.parse("2026-02-28T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z")));
    assertThat(c.periodContaining(Instant.parse("2025-12-31T00:00:00Z")).start())
        .isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
  }

  @Test
  void periodsInAZoneFollowLocalMidnight() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    BillingCycle c =
        new BillingCycle(Instant.parse("2025-12-31T23:00:00Z"), Period.ofMonths(1), berlin);

    CyclePeriod july = c.periodContaining(Instant.parse("2026-07-15T00:00:00Z"));

    assertThat(july.start()).isEqualTo(Instant.parse("2026-06-30T22:00:00Z")); // summer time
    assertThat(july.end()).isEqualTo(Instant.parse("2026-07-31T22:00:00Z"));
  }

  @Test
  void weeklyCycle() {
    BillingCycle c =
        new BillingCycle(Instant.parse("2026-01-05T00:00:00Z"), Period.ofDays(7), ZoneId.of("UTC"));

    assertThat(c.periodContaining(Instant.parse("2026-01-04T23:59:59Z")).start())
        .isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
    assertThat(c.periodContaining(Instant.parse("2026-01-12T00:00:00Z")).start())
        .isEqualTo(Instant.parse("2026-01-12T00:00:00Z"));
  }

  @Test
  void mixedPeriodsAreRefused() {
    assertThatThrownBy(() -> new BillingCycle(Instant.EPOCH, Period.of(0, 1, 3), ZoneId.of("UTC")))
        .hasMessageContaining("P1M3D");
  }
}

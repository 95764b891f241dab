package io.rateflow.job;

import static io.rateflow.job.JournalTestData.charge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Analytics totals are exact: decimal quantities and minor units, never doubles. */
class AnalyticsAggregateTest {
  final AnalyticsAggregate aggregate = new AnalyticsAggregate();

  @Test
  void quantitiesAndRevenueAddUpExactly() {
    AnalyticsTotals t = aggregate.createAccumulator();
    for (int i = 0; i < 10; i++) {
      t =
          aggregate.add(
              AnalyticsTotals.of(
                  charge("c" + i, "A", 1, "2026-11-10T10:00:00Z")
                      .setQuantity(new BigDecimal("0.100000"))
                      .build()),
              t);
    }
    AnalyticsTotals other =
        aggregate.add(
            AnalyticsTotals.of(charge("x", "B", 7, "2026-11-10T10:00:30Z").build()),
            aggregate.createAccumulator());
    AnalyticsTotals merged = aggregate.merge(t, other);
    assertThat(merged.quantity).isEqualByComparingTo("2.000000");
    assertThat(merged.revenueMinor).isEqualTo(17L);
    assertThat(merged.charges).isEqualTo(11L);
    assertThat(merged.meter).isEqualTo("api_calls");
    assertThat(AnalyticsTotals.of(charge("c", "A", 1, "2026-11-10T10:00:00Z").build()).key())
        .isEqualTo("api_calls|smb|USD");
  }

  @Test
  void revenueBeyondTheLongRangeFailsInsteadOfWrapping() {
    AnalyticsTotals t =
        aggregate.add(
            AnalyticsTotals.of(charge("c1", "A", Long.MAX_VALUE, "2026-11-10T10:00:00Z").build()),
            aggregate.createAccumulator());
    AnalyticsTotals full = t;
    assertThatThrownBy(
            () ->
                aggregate.add(
                    AnalyticsTotals.of(charge("c2", "A", 1, "2026-11-10T10:00:00Z").build()), full))
        .isInstanceOf(ArithmeticException.class);
  }
}

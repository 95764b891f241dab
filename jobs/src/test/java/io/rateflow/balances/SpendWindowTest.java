package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.day;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpendWindowTest {

  @Test
  void sumsTheLastSevenUtcDays() {
    SpendWindow w = SpendWindow.empty().add(day(0), 100).add(day(3), 200).add(day(6), 300);

    assertThat(w.spendAsOf(day(6))).isEqualTo(600);
    assertThat(w.spendAsOf(day(7))).isEqualTo(500); // day 0 dropped out
    assertThat(w.spendAsOf(day(13))).isZero();
  }

  @Test
  void lateSpendInsideTheWindowCountsAndOlderSpendIsIgnored() {
    SpendWindow w = SpendWindow.empty().add(day(10), 100).add(day(5), 50).add(day(3), 1000);

    assertThat(w.spendAsOf(day(10))).isEqualTo(150);
  }

  @Test
  void skippedDaysAreCleared() {
    SpendWindow w = SpendWindow.empty().add(day(0), 100).add(day(1), 100).add(day(9), 5);

    assertThat(w.spendAsOf(day(9))).isEqualTo(5);
    assertThat(SpendWindow.of(w.newestDay(), w.buckets())).isEqualTo(w);
  }
}

package io.rateflow.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** How usage is grouped into billing periods; the key names a period, e.g. "2026-11". */
sealed interface BillingPeriod {

  /** The key of the period containing {@code time}, reckoned in the account's zone. */
  String keyOf(Instant time, ZoneId zone);

  /**
   * When the period containing {@code time} starts: midnight of its first day in the account's
   * zone.
   */
  Instant startOf(Instant time, ZoneId zone);

  /** Calendar months in the account's zone; key "yyyy-MM". */
  record CalendarMonth() implements BillingPeriod {
    @Override
    public String keyOf(Instant time, ZoneId zone) {
      return MonthKeys.of(time, zone);
    }

    @Override
    public Instant startOf(Instant time, ZoneId zone) {
      return time.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
    }
  }

  /**
   * Monthly periods starting on {@code anchorDay} (1-31) in the account's zone; key is the start
   * date "yyyy-MM-dd". In months shorter than the anchor day the period starts on the month's last
   * day.
   */
  record Anniversary(int anchorDay) implements BillingPeriod {
    @Override
    public String keyOf(Instant time, ZoneId zone) {
      LocalDate date = time.atZone(zone).toLocalDate();
      LocalDate start = startIn(YearMonth.from(date));
      if (date.isBefore(start)) {
        start = startIn(YearMonth.from(date).minusMonths(1));
      }
      return start.toString();
    }

    @Override
    public Instant startOf(Instant time, ZoneId zone) {
      return LocalDate.parse(keyOf(time, zone)).atStartOfDay(zone).toInstant();
    }

    private LocalDate startIn(YearMonth month) {
      return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }
  }
}

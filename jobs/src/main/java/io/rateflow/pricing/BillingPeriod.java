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

  /** The first day of the period named {@code key} (as {@link #keyOf} gives it). */
  LocalDate firstDayOf(String key);

  /** The first day of the period after the one starting on {@code firstDay}. */
  LocalDate nextFirstDay(LocalDate firstDay);

  /**
   * When the period containing {@code time} ends (exclusive): midnight of the next period's first
   * day in the account's zone.
   */
  default Instant endOf(Instant time, ZoneId zone) {
    return nextFirstDay(firstDayOf(keyOf(time, zone))).atStartOfDay(zone).toInstant();
  }

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

    @Override
    public LocalDate firstDayOf(String key) {
      return YearMonth.parse(key).atDay(1);
    }

    @Override
    public LocalDate nextFirstDay(LocalDate firstDay) {
      return firstDay.plusMonths(1).withDayOfMonth(1);
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

    @Override
    public LocalDate firstDayOf(String key) {
      return LocalDate.parse(key);
    }

    @Override
    public LocalDate nextFirstDay(LocalDate firstDay) {
      // A period always starts in the month it is keyed by, so the next one starts in the next.
      return startIn(YearMonth.from(firstDay).plusMonths(1));
    }

    private LocalDate startIn(YearMonth month) {
      return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }
  }
}

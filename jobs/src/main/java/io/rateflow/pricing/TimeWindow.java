package io.rateflow.pricing;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A recurring period of the week, e.g. peak hours Mon-Fri 08:00-20:00, with its own price model.
 * The range is {@code [from, to)} in the account's local time; {@code to == null} means midnight at
 * the end of the day. A window with every day and the whole day is the default.
 */
record TimeWindow(
    String name, Set<DayOfWeek> days, LocalTime from, LocalTime to, PriceModel model) {

  boolean contains(ZonedDateTime local) {
    return contains(local.getDayOfWeek(), local.toLocalTime().toNanoOfDay());
  }

  /** {@link #contains(ZonedDateTime)} from the local day of week and time of day (nanoseconds). */
  boolean contains(DayOfWeek day, long nanoOfDay) {
    return days.contains(day)
        && nanoOfDay >= from.toNanoOfDay()
        && (to == null || nanoOfDay < to.toNanoOfDay());
  }

  /** Minute of the day where the window ends (exclusive), 1440 for midnight. */
  int endMinute() {
    return to == null ? 24 * 60 : to.getHour() * 60 + to.getMinute();
  }

  int startMinute() {
    return from.getHour() * 60 + from.getMinute();
  }
}

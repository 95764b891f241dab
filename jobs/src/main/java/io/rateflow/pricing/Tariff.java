package io.rateflow.pricing;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The price of one meter (or one dimension of it): a single model, or models by time of the week.
 */
sealed interface Tariff {

  /** The model in force at {@code local} (account's time zone), with a label for the breakdown. */
  Optional<Choice> choose(ZonedDateTime local);

  /** The chosen model, and the window name that explains it (empty without windows). */
  record Choice(String window, PriceModel model) {}

  /** One model at all times. */
  record Single(PriceModel model) implements Tariff {
    @Override
    public Optional<Choice> choose(ZonedDateTime local) {
      return Optional.of(new Choice("", model));
    }
  }

  /**
   * Time-of-day / day-of-week windows; the first window (in document order) containing the time
   * wins.
   */
  record Windowed(List<TimeWindow> windows) implements Tariff {
    @Override
    public Optional<Choice> choose(ZonedDateTime local) {
      for (TimeWindow window : windows) {
        if (window.contains(local)) {
          return Optional.of(new Choice(window.name(), window.model()));
        }
      }
      // The validator ensures windows cover the whole week; kept total for safety.
      return Optional.empty();
    }
  }
}

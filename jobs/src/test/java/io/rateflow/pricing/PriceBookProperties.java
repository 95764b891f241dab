package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Version selection and eviction over random version histories of one rule set. */
class PriceBookProperties {
  private static final AccountContext ACCOUNT = Fixtures.account("acc", "pro", "smb", "USD");
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * A version: effective from day {@code from}, until day {@code to} (exclusive) or open when -1.
   */
  record Version(int from, int to) {}

  private static RuleSet ruleSet(long version, Version v) {
    return Fixtures.parse(
        "id: public\nversion: "
            + version
            + "\neffective_from: "
            + day(v.from())
            + "\n"
            + (v.to() < 0 ? "" : "effective_to: " + day(v.to()) + "\n")
            + "currency: USD\nmeters:\n  m:\n    unit: u\n    aggregation: sum\n"
            + "    price: { model: per_unit, unit_price: 1 }\n");
  }

  private static Instant day(int d) {
    return BASE.plus(d, ChronoUnit.DAYS);
  }

  private static PriceBook book(List<Version> history) {
    PriceBook book = new PriceBook();
    for (int i = 0; i < history.size(); i++) {
      book.add(ruleSet(i + 1, history.get(i)));
    }
    return book;
  }

  @Property(tries = 300)
  void theHighestVersionEffectiveByThenDecides(
      @ForAll("histories") List<Version> history, @ForAll @IntRange(min = -5, max = 120) int at) {
    Optional<RuleSet> selected = book(history).select(ACCOUNT, "m", day(at));
    int newest = -1;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).from() <= at) {
        newest = i;
      }
    }
    boolean inForce =
        newest >= 0 && (history.get(newest).to() < 0 || at < history.get(newest).to());
    assertThat(selected.map(RuleSet::version))
        .isEqualTo(inForce ? Optional.of(newest + 1L) : Optional.empty());
  }

  @Property(tries = 300)
  void evictionNeverChangesWhatIsSelectedFromTheHorizonOn(
      @ForAll("histories") List<Version> history,
      @ForAll @IntRange(min = -5, max = 120) int horizon) {
    PriceBook full = book(history);
    PriceBook evicted = book(history);
    List<RuleSet> dropped = evicted.evictBefore(day(horizon));
    assertThat(evicted.versions()).hasSize(history.size() - dropped.size());
    for (int at = horizon; at <= 125; at++) {
      assertThat(evicted.select(ACCOUNT, "m", day(at)).map(RuleSet::version))
          .as("day %d", at)
          .isEqualTo(full.select(ACCOUNT, "m", day(at)).map(RuleSet::version));
    }
  }

  @Provide
  Arbitrary<List<Version>> histories() {
    Arbitrary<Version> version =
        Combinators.combine(
                Arbitraries.integers().between(0, 100), Arbitraries.integers().between(-1, 40))
            .as((from, length) -> new Version(from, length <= 0 ? -1 : from + length));
    return version.list().ofMinSize(1).ofMaxSize(6);
  }
}

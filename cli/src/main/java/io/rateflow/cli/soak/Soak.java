package io.rateflow.cli.soak;

import io.rateflow.avro.PricingRule;
import io.rateflow.cli.kafka.EmbeddedKafka;
import io.rateflow.cli.rules.RuleLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak as a library, for {@code rateflow soak} and the end-to-end test: generates the traffic,
 * runs the job through the planned faults, computes the reference and compares.
 */
public final class Soak {
  /**
   * What to run.
   *
   * @param eventsPerSecond the pace of the events (0: as fast as the producer goes)
   * @param rules pricing rule files; {@code promotions} and {@code chartOfAccounts} likewise
   */
  public record Settings(
      long events,
      int accounts,
      int failures,
      FaultPlan.Order order,
      long seed,
      double eventsPerSecond,
      Duration timeout,
      Path rules,
      Path promotions,
      Path chartOfAccounts,
      ReferenceKind reference) {}

  /** Where the expected output comes from. */
  public enum ReferenceKind {
    /** The pure domain core (account engine, journal) driven sequentially over the same input. */
    ENGINE,
    /**
     * The same job over the same input on topics of its own, with no fault: a cross-check of the
     * engine.
     */
    UNINTERRUPTED_RUN
  }

  private Soak() {}

  public static SoakReport run(Settings s, EmbeddedKafka kafka, Path work, PrintStream out)
      throws Exception {
    // Events of the last few hours, at whole minutes: the same seed gives the same traffic within a
    // minute.
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));
    SoakTraffic traffic = SoakTraffic.generate(s.seed(), s.accounts(), s.events(), start);
    out.printf(
        "  traffic    %,d events (%s), %,d accounts, %,d balance commands%n",
        traffic.events().size(),
        traffic.inputsByKind(),
        traffic.accounts().size(),
        traffic.commands().size());
    List<PricingRule> rules = rules(s);
    List<FaultKind> plan = FaultPlan.of(s.failures(), s.order(), s.seed());
    out.printf("  faults     %s%n", plan.stream().map(FaultKind::key).toList());

    SoakRun soak =
        new SoakRun(
            kafka,
            SoakRun.config(kafka.bootstrapServers(), "soak-"),
            traffic,
            rules,
            Files.createDirectories(work.resolve("soak")),
            out,
            s.seed());
    SoakRun.Result result = soak.execute(plan, s.eventsPerSecond(), s.timeout());
    out.printf(
        "  soak run   %.1f s; %,d rated, %,d rejected%n",
        result.seconds(), result.rated(), result.rejected());

    if (s.reference() == ReferenceKind.ENGINE) {
      long r0 = System.nanoTime();
      Outcome reference = EngineReference.compute(traffic, rules, soak.config());
      double seconds = (System.nanoTime() - r0) / 1e9;
      out.printf("  reference  domain engine over the same input in %.1f s%n", seconds);
      return SoakReport.of(
          s.events(),
          s.accounts(),
          s.seed(),
          traffic,
          s.failures(),
          result,
          reference,
          "domain engine",
          seconds);
    }
    out.println("  reference  uninterrupted run of the same job over the same input (no fault)");
    SoakRun reference =
        new SoakRun(
            kafka,
            SoakRun.config(kafka.bootstrapServers(), "reference-"),
            traffic,
            rules,
            Files.createDirectories(work.resolve("reference")),
            out,
            s.seed());
    SoakRun.Result ref = reference.execute(List.of(), 0, s.timeout());
    if (!ref.accounted()) {
      throw new IllegalStateException(
          "The reference run did not account for every event: " + ref.problem());
    }
    return SoakReport.of(
        s.events(),
        s.accounts(),
        s.seed(),
        traffic,
        s.failures(),
        result,
        ref.outcome(),
        "uninterrupted run",
        ref.seconds());
  }

  /**
   * Charts of accounts, then promotions, then pricing rules: the order the rules topic gets them
   * in.
   */
  static List<PricingRule> rules(Settings s) throws Exception {
    List<PricingRule> all = new ArrayList<>(RuleLoader.loadCharts(s.chartOfAccounts(), "soak"));
    all.addAll(RuleLoader.loadPromotions(s.promotions(), 1, "soak"));
    RuleLoader.load(s.rules(), "soak").forEach(l -> all.add(l.record()));
    return all;
  }
}

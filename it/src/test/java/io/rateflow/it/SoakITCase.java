package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.cli.soak.FaultPlan;
import io.rateflow.cli.soak.Soak;
import io.rateflow.cli.soak.SoakReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A small {@code rateflow soak}: the full job (rating, balances, triggers, ledger) through three
 * faults of different kinds while events flow, its committed output compared with the pure domain
 * core's over the same input.
 */
class SoakITCase extends KafkaFlinkTestBase {

  @Test
  void threeFaultsMidStreamLeaveTheCommittedOutputEqualToTheDomainReference() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "soak")).toAbsolutePath();
    // Random order draws kinds without putting them back: with seed 0 a TaskManager killed, the
    // broker
    // restarted, and a stop with savepoint restored at parallelism 1 (the operator exception is
    // RatingJobITCase's).
    Soak.Settings settings =
        new Soak.Settings(
            3_000,
            100,
            3,
            FaultPlan.Order.RANDOM,
            0,
            500,
            Duration.ofMinutes(3),
            Path.of("..", "pricing-rules", "examples"),
            Path.of("..", "pricing-rules", "promotions"),
            Path.of("..", "pricing-rules", "chart-of-accounts"),
            Soak.ReferenceKind.ENGINE);

    SoakReport report =
        Soak.run(settings, kafka, work, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    report.print(System.out);
    report.writeJson(work.resolve("soak-it.json"));

    assertThat(report.events()).isEqualTo(3_000);
    assertThat(report.accounted())
        .as("every event rated or rejected: %s", report.problem())
        .isTrue();
    assertThat(report.rated() + report.rejected()).isEqualTo(3_000);
    assertThat(report.failuresInjectedTotal()).isEqualTo(3);
    assertThat(report.failuresInjected().values()).as("three different kinds").containsOnly(0, 1);
    // the reference is not empty: charges, triggers (advice of charge, promotions) and journal
    // entries
    assertThat(report.chargesReference()).isGreaterThan(2_500);
    assertThat(report.triggersReference()).isPositive();
    // the GL export is at summary grain: one entry per account, product and day (and per rare money
    // fact)
    assertThat(report.journalEntriesReference()).isPositive().isLessThan(report.chargesReference());
    assertThat(report.chargesCommitted()).isEqualTo(report.chargesReference());
    assertThat(report.duplicates())
        .as("ids committed twice: %s", report.comparison().examples())
        .isZero();
    assertThat(report.missing())
        .as("reference ids not committed: %s", report.comparison().examples())
        .isZero();
    assertThat(report.unexpected())
        .as("committed ids not in the reference: %s", report.comparison().examples())
        .isZero();
    assertThat(report.amountDifference()).isZero();
    assertThat(report.comparison().balancesEqual())
        .as("%s", report.comparison().examples())
        .isTrue();
    assertThat(report.comparison().balancesCompared()).isPositive();
    assertThat(report.verified()).isTrue();
  }
}

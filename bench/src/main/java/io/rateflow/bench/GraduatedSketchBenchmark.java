package io.rateflow.bench;

import io.rateflow.pricing.RatingResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proposal of docs/performance.md, measured: {@link GraduatedSketch} on exactly the inputs of
 * {@code RatingBenchmark.graduated5Tiers}, after checking it charges the same amount for each. Two
 * variants: from the precomputed micros (the sketch's arithmetic alone), and from the BigDecimals a
 * Usage carries (with the conversion the operator would do).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class GraduatedSketchBenchmark {
  private RatingBenchmark.Input[] inputs;
  private long[] before;
  private long[] quantity;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    RatingBenchmark rating = new RatingBenchmark();
    rating.setUp();
    inputs = rating.graduatedInputs();
    before = new long[inputs.length];
    quantity = new long[inputs.length];
    var publicUsd = Catalogue.byId("public-usd");
    for (int i = 0; i < inputs.length; i++) {
      RatingBenchmark.Input in = inputs[i];
      before[i] = GraduatedSketch.micros(in.before().aggregate());
      quantity[i] = GraduatedSketch.micros(in.usage().quantity());
      long expected =
          ((RatingResult.Priced) publicUsd.rate(in.account(), in.usage(), in.before()))
              .amountMinor();
      long sketched = GraduatedSketch.rate(before[i], quantity[i]).amountMinor();
      if (expected != sketched) {
        throw new IllegalStateException(
            "the sketch charges "
                + sketched
                + " but RuleSet.rate charges "
                + expected
                + " for "
                + in);
      }
    }
  }

  @Benchmark
  public GraduatedSketch.Charge fromLongs() {
    int i = next;
    next = (next + 1) & (inputs.length - 1);
    return GraduatedSketch.rate(before[i], quantity[i]);
  }

  @Benchmark
  public GraduatedSketch.Charge fromBigDecimals() {
    RatingBenchmark.Input in = inputs[next];
    next = (next + 1) & (inputs.length - 1);
    return GraduatedSketch.rate(
        GraduatedSketch.micros(in.before().aggregate()),
        GraduatedSketch.micros(in.usage().quantity()));
  }
}

package io.rateflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The hot-path benchmarks ({@link IdBenchmark}, {@link SerializerBenchmark}, {@link
 * ChargeBenchmark}) measured in this thread's CPU time rather than wall-clock time: on a shared,
 * overloaded machine (load far above the cores) JMH's wall-clock scores swing by 10×, CPU time much
 * less. Prints the median of several rounds per operation, in ns of CPU per op.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" io.rateflow.bench.HotPathCpuTime [rounds] [ops per round]
 * </pre>
 */
public final class HotPathCpuTime {
  private static volatile Object sink;

  private HotPathCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    IdBenchmark ids = new IdBenchmark();
    SerializerBenchmark avro = new SerializerBenchmark();
    avro.serializer = "avro";
    avro.setUp();
    SerializerBenchmark rateflow = new SerializerBenchmark();
    rateflow.serializer = "rateflow";
    rateflow.setUp();
    ChargeBenchmark charges = new ChargeBenchmark();
    charges.setUp();

    Map<String, Callable<?>> all = new LinkedHashMap<>();
    all.put("id md5NameUuid (0.1 DeterministicId/EntryIds)", ids::md5NameUuid);
    all.put("id md5ChargeId (0.1 ChargeFactory)", ids::md5ChargeId);
    all.put("id murmurUuidV8 (StableIds)", ids::murmurUuidV8);
    all.put("id fingerprint (de-duplication)", ids::fingerprint);
    all.put("Inbound serialize, avro", avro::inboundSerialize);
    all.put("Inbound serialize, rateflow", rateflow::inboundSerialize);
    all.put("Inbound deserialize, avro", avro::inboundDeserialize);
    all.put("Inbound deserialize, rateflow", rateflow::inboundDeserialize);
    all.put("UsageState round trip, avro", avro::usageRoundTrip);
    all.put("UsageState round trip, rateflow", rateflow::usageRoundTrip);
    all.put("charge (ChargeFactory.charge)", charges::charge);
    all.put("rate and charge", charges::rateAndCharge);

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, double[]> results = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Callable<?>> e : all.entrySet()) {
        Callable<?> op = e.getValue();
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink = op.call();
        }
        results.computeIfAbsent(e.getKey(), k -> new double[rounds])[r] =
            (mx.getCurrentThreadCpuTime() - t0) / (double) ops;
      }
    }
    for (Map.Entry<String, double[]> e : results.entrySet()) {
      double[] v = e.getValue().clone();
      java.util.Arrays.sort(v);
      System.out.printf(
          "%-50s %8.0f ns CPU/op (median of %d; min %.0f)%n",
          e.getKey(), v[v.length / 2], rounds, v[0]);
    }
  }
}

package io.rateflow.bench;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.Inbound;
import io.rateflow.job.ChargeFactory;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.RatingResult;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.Usage;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The charge record of a priced event ({@link ChargeFactory#charge}): id, breakdown, record. {@code
 * charge} reuses priced results (their breakdown strings are formatted on the first pass); {@code
 * rateAndCharge} prices afresh each time, so it includes the breakdown's formatting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChargeBenchmark {
  private static final int SIZE = 1024;
  private static final Instant AT = Instant.parse("2026-03-09T10:00:00Z");

  private RuleSet publicUsd;
  private AccountContext account;
  private AccountProfile profile;
  private final Inbound[] inbounds = new Inbound[SIZE];
  private final ActivityEvent[] events = new ActivityEvent[SIZE];
  private final Usage[] usages = new Usage[SIZE];
  private final MeterAggregate[] befores = new MeterAggregate[SIZE];
  private final RatingResult.Priced[] priced = new RatingResult.Priced[SIZE];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    publicUsd = Catalogue.byId("public-usd");
    account = new AccountContext("acc-00042", "payg", "smb", "USD", ZoneId.of("UTC"));
    profile =
        AccountProfile.newBuilder()
            .setAccountId("acc-00042")
            .setPlan("payg")
            .setSegment("smb")
            .setCurrency("USD")
            .setStatus(AccountStatus.ACTIVE)
            .setLegalEntity("RF-US")
            .setRegion("us")
            .setGlCustomerCode("C-42")
            .setEffectiveTime(Instant.EPOCH)
            .build();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < SIZE; i++) {
      BigDecimal quantity = BigDecimal.valueOf(1 + r.nextInt(2_000)).setScale(6);
      events[i] =
          ActivityEvent.newBuilder()
              .setEventId("evt-" + i)
              .setAccountId("acc-00042")
              .setMeter("api_calls")
              .setQuantity(quantity)
              .setEventTime(AT)
              .setAttributes(Map.of())
              .setValue(null)
              .setUnitPrice(null)
              .build();
      inbounds[i] =
          Inbound.newBuilder()
              .setAccountId("acc-00042")
              .setPayload(events[i])
              .setRaw(ByteBuffer.allocate(0))
              .setSourceTopic("activity-events")
              .setSourcePartition(0)
              .setSourceOffset(i)
              .setIngestedAt(AT.toEpochMilli())
              .build();
      usages[i] =
          new Usage(events[i].getEventId(), "api_calls", quantity, AT, Map.of(), null, null);
      befores[i] =
          new MeterAggregate(
              "2026-03",
              BigDecimal.valueOf((long) Math.exp(r.nextDouble() * Math.log(20_000_000L)))
                  .setScale(6),
              null);
      priced[i] = (RatingResult.Priced) publicUsd.rate(account, usages[i], befores[i]);
    }
  }

  @Benchmark
  public Charge charge() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    return ChargeFactory.charge(
        inbounds[i], events[i], profile, priced[i], 0, null, AT.toEpochMilli());
  }

  @Benchmark
  public Charge rateAndCharge() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    RatingResult.Priced p = (RatingResult.Priced) publicUsd.rate(account, usages[i], befores[i]);
    return ChargeFactory.charge(inbounds[i], events[i], profile, p, 0, null, AT.toEpochMilli());
  }
}

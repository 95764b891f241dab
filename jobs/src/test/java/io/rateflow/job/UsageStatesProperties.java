package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.UsageState;
import io.rateflow.job.types.UsageStateSerializer;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import io.rateflow.pricing.RecurringUnits;
import io.rateflow.pricing.UnitChange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Whatever the engine stores per period reads back equal, through the state record and its bytes:
 * decimals with their scale and sign, counts and charges to the extremes of a long, a recurring
 * timeline in order (to the millisecond, as event times are).
 */
class UsageStatesProperties {

  @Property
  void anAggregateReadsBackAsStored(@ForAll("aggregates") MeterAggregate a) throws Exception {
    assertThat(UsageStates.aggregate(throughBytes(UsageStates.of(a)))).isEqualTo(a);
  }

  @Property
  void aSpendReadsBackAsStored(@ForAll("spends") PeriodSpend s) throws Exception {
    assertThat(UsageStates.spend(throughBytes(UsageStates.of(s)))).isEqualTo(s);
  }

  @Provide
  Arbitrary<MeterAggregate> aggregates() {
    Arbitrary<RecurringUnits> recurring =
        Combinators.combine(decimals(), changes().list().ofMaxSize(6))
            .as(RecurringUnits::new)
            .injectNull(0.4);
    return Combinators.combine(
            periods(),
            decimals(),
            Arbitraries.strings().ofMaxLength(5).set().ofMaxSize(4),
            Arbitraries.longs(),
            Arbitraries.longs(),
            recurring)
        .as(MeterAggregate::new);
  }

  @Provide
  Arbitrary<PeriodSpend> spends() {
    return Combinators.combine(
            periods(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.of(true, false))
        .as(PeriodSpend::new);
  }

  private static Arbitrary<String> periods() {
    return Arbitraries.of("2026-11", "2026-11-14", "");
  }

  private static Arbitrary<BigDecimal> decimals() {
    return Combinators.combine(
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
            Arbitraries.integers().between(-3, 12))
        .as(BigDecimal::new);
  }

  private static Arbitrary<UnitChange> changes() {
    return Combinators.combine(
            Arbitraries.longs()
                .between(-62_135_596_800_000L, 253_402_300_799_999L)
                .map(Instant::ofEpochMilli),
            decimals())
        .as(UnitChange::new);
  }

  private static UsageState throughBytes(UsageState s) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    UsageStateSerializer.INSTANCE.serialize(s, out);
    return UsageStateSerializer.INSTANCE.deserialize(
        new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}

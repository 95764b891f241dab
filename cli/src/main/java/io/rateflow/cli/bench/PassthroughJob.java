package io.rateflow.cli.bench;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.job.KafkaIO;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RawRecord;
import io.rateflow.schema.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The baseline of the benchmark: the rating job's Kafka source, its decoding of the event and its
 * exactly-once Avro sink of a charge, with nothing in between — no key-by, no state, no pricing.
 * What the rating job costs beyond this is the cost of rating.
 */
final class PassthroughJob {
  private final RatingConfig config;

  PassthroughJob(RatingConfig config) {
    this.config = config;
  }

  /**
   * Builds source → decode/encode → EXACTLY_ONCE sink into {@code env}, reading the events topic.
   */
  void build(StreamExecutionEnvironment env) {
    env.fromSource(
            KafkaIO.source(config, config.eventsTopic()),
            WatermarkStrategy.noWatermarks(),
            "kafka: " + config.eventsTopic())
        .uid("source-events")
        .map(new ToCharge())
        .returns(new AvroTypeInfo<>(Charge.class))
        .uid("passthrough")
        .name("decode event, make a charge-shaped record")
        .sinkTo(
            KafkaIO.sink(
                config, config.chargesTopic(), Charge.class, Charge::getAccountId, "charges"))
        .uid("sink-charges")
        .name("charges (exactly once)");
  }

  /** Decodes the Avro event and builds a Charge of the same shape as the rating job's, unpriced. */
  static final class ToCharge extends RichMapFunction<RawRecord, Charge> {
    private transient AvroCodec<ActivityEvent> events;

    @Override
    public void open(OpenContext ctx) {
      events = AvroCodec.of(ActivityEvent.class);
    }

    @Override
    public Charge map(RawRecord raw) throws Exception {
      ActivityEvent e = events.decode(raw.value);
      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      return Charge.newBuilder()
          .setChargeId(e.getEventId())
          .setEventId(e.getEventId())
          .setAccountId(e.getAccountId())
          .setMeter(e.getMeter())
          .setQuantity(e.getQuantity())
          .setAmountMinor(0L)
          .setCurrency("USD")
          .setCurrencyDigits(2)
          .setRuleSetId("passthrough")
          .setRuleVersion(0L)
          .setPriceModel("none")
          .setBillingPeriod("")
          .setBreakdown(List.of())
          .setEventTime(e.getEventTime())
          .setRatedAt(now)
          .setIngestedAt(Instant.ofEpochMilli(raw.timestamp))
          .build();
    }
  }
}

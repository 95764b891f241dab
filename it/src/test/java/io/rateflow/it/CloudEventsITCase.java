package io.rateflow.it;

import static io.rateflow.it.PipelineFixture.account;
import static io.rateflow.it.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.rating.CloudEventWriter;
import io.rateflow.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents JSON on the events topic, end to end: the same usage sent once as Avro (one set of
 * topics) and once as CloudEvents JSON (another) gives the same charges to the last field, and
 * CloudEvents the job cannot use land on the dead-letter topic with their exact bytes.
 */
class CloudEventsITCase extends KafkaFlinkTestBase {
  private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  /**
   * The usage both runs send; amounts by RatingJobITCase's USD_V1 (api_calls graduated 0.10 / 0.05
   * from 100, storage 0.023).
   */
  static final List<ActivityEvent> USAGE =
      List.of(
          event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"),
          event("e2", "A", "api_calls", "60.000001", "2026-11-11T10:00:00Z"),
          event("e3", "A", "storage_gb", "1.5", "2026-11-10T10:00:00Z"),
          event("e4", "A", "storage_gb", "1.5", "2026-11-12T10:00:00Z"),
          event("e5", "B", "api_calls", "3", "2026-11-10T23:30:00Z"),
          event("e1", "A", "api_calls", "60", "2026-11-10T10:00:00Z"), // a retry: DUPLICATE
          event("e6", "A", "api_calls", "-5", "2026-11-10T10:00:00Z"), // INVALID_QUANTITY
          event("e7", "A", "api_calls", "1", "2030-01-01T00:00:00Z"), // FAR_FUTURE
          event("e8", "A", "teleport", "5", "2026-11-10T10:00:00Z")); // UNKNOWN_METER

  static final Map<String, Long> EXPECTED_MINOR =
      Map.of(
          "e1", 600L, // 60 × 0.10
          "e2", 500L, // P(120.000001) − P(60) = 10 + 20.000001 × 0.05 − 6 = 5.00000005 → 5.00
          "e3", 3L, // round(1.5 × 0.023 = 0.0345) = 0.03 (HALF_EVEN)
          "e4", 4L, // round(3.0 × 0.023 = 0.069) − 0.03
          "e5", 30L); // 3 × 0.10

  static final Map<String, String> EXPECTED_REASONS =
      Map.of(
          "e1", "DUPLICATE", "e6", "INVALID_QUANTITY", "e7", "FAR_FUTURE", "e8", "UNKNOWN_METER");

  @Test
  void theSameUsageAsAvroAndAsCloudEventsGivesTheSameChargesAndBadJsonIsDeadLetteredAsItCame()
      throws Exception {
    PipelineFixture avro = fixture("ce-avro");
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    List<ProducerRecord<byte[], byte[]>> avroRecords = new ArrayList<>();
    for (ActivityEvent e : USAGE) {
      avroRecords.add(
          new ProducerRecord<>(
              avro.config.eventsTopic(), Producers.bytes(e.getAccountId()), codec.encode(e)));
    }
    byte[] garbage = {(byte) 0xFF, 0x01, 0x02};
    avroRecords.add(new ProducerRecord<>(avro.config.eventsTopic(), null, garbage));
    Run avroRun = run(avro, avroRecords);

    PipelineFixture json = fixture("ce-json");
    List<ProducerRecord<byte[], byte[]>> jsonRecords = new ArrayList<>();
    for (int i = 0; i < USAGE.size(); i++) {
      ActivityEvent e = USAGE.get(i);
      var record =
          new ProducerRecord<>(
              json.config.eventsTopic(), Producers.bytes(e.getAccountId()), varied(e, i));
      if (i % 3 == 0) {
        // a header is what a CloudEvents-aware producer adds; detection does not depend on it
        record
            .headers()
            .add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
      }
      jsonRecords.add(record);
    }
    Map<String, byte[]> bad =
        new TreeMap<>(
            Map.of(
                "MALFORMED broken",
                    "{\"specversion\":\"1.0\",\"id\":\"x1\",".getBytes(StandardCharsets.UTF_8),
                "MALFORMED no subject",
                    CloudEventWriter.toJsonLine(
                            event("x2", "A", "api_calls", "1", "2026-11-10T10:00:00Z"))
                        .replace("\"subject\":\"A\",", "")
                        .getBytes(StandardCharsets.UTF_8),
                "MALFORMED text/plain",
                    CloudEventWriter.toJsonLine(
                            event("x3", "A", "api_calls", "1", "2026-11-10T10:00:00Z"))
                        .replace("application/json", "text/plain")
                        .getBytes(StandardCharsets.UTF_8),
                "INVALID_QUANTITY seven decimals",
                    CloudEventWriter.toJsonLine(
                            event("x4", "A", "api_calls", "1", "2026-11-10T10:00:00Z"))
                        .replace("\"quantity\":\"1\"", "\"quantity\":1.0000001")
                        .getBytes(StandardCharsets.UTF_8)));
    bad.values()
        .forEach(b -> jsonRecords.add(new ProducerRecord<>(json.config.eventsTopic(), null, b)));
    Run jsonRun = run(json, jsonRecords);

    // Each run on its own: exact amounts, a reason for every other event, nothing lost or doubled.
    for (Run r : List.of(avroRun, jsonRun)) {
      assertThat(
              r.charges.stream()
                  .collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor)))
          .as(r.name)
          .containsExactlyInAnyOrderEntriesOf(EXPECTED_MINOR);
      assertThat(r.rated + r.rejected)
          .as(r.name + ": received == rated + rejected")
          .isEqualTo(r.sent);
      assertThat(r.duplicateChargeIds).as(r.name).isZero();
    }
    // The same charges, field by field (ids are derived from account, event and funding line, not
    // the format).
    assertThat(comparable(jsonRun.charges)).isEqualTo(comparable(avroRun.charges));

    assertThat(reasons(avroRun))
        .containsExactlyInAnyOrderEntriesOf(with(EXPECTED_REASONS, "garbage", "MALFORMED"));
    Map<String, String> jsonReasons = new TreeMap<>(EXPECTED_REASONS);
    // broken JSON names no id: it is the one without
    jsonReasons.putAll(
        Map.of(
            "garbage",
            "MALFORMED",
            "x2",
            "MALFORMED",
            "x3",
            "MALFORMED",
            "x4",
            "INVALID_QUANTITY"));
    assertThat(reasons(jsonRun)).containsExactlyInAnyOrderEntriesOf(jsonReasons);
    // A rejection after decoding (here: a retry) carries the JSON the producer sent, not an Avro
    // rewrite of it.
    RejectedEvent duplicate = only(jsonRun, "e1");
    assertThat(new String(bytes(duplicate), StandardCharsets.UTF_8))
        .isEqualTo(new String(varied(USAGE.get(5), 5), StandardCharsets.UTF_8));

    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      RejectedEvent r =
          jsonRun.rejections.stream()
              .filter(x -> java.util.Arrays.equals(bytes(x), b.getValue()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no dead letter carries the bytes of " + b.getKey()));
      assertThat(r.getReasonCode())
          .as(b.getKey())
          .isEqualTo(b.getKey().substring(0, b.getKey().indexOf(' ')));
      assertThat(r.getSourceTopic()).isEqualTo(json.config.eventsTopic());
    }
    assertThat(only(jsonRun, "garbage").getMessage())
        .startsWith("not a valid CloudEvent: not valid JSON");
    assertThat(only(jsonRun, "x2").getMessage()).startsWith("not a valid CloudEvent: no subject");
    assertThat(only(jsonRun, "x3").getMessage())
        .startsWith("not a valid CloudEvent: datacontenttype 'text/plain' is not application/json");
    assertThat(only(jsonRun, "x4").getMessage())
        .startsWith("quantity 1.0000001 has more than 6 decimals");
    assertThat(bytes(only(avroRun, "garbage"))).containsExactly(garbage);
  }

  /**
   * The event as a CloudEvent, in the forms producers write: times with offsets other than Z,
   * quantities as JSON numbers as well as strings, leading whitespace, an extension.
   */
  static byte[] varied(ActivityEvent e, int i) {
    String json = CloudEventWriter.toJsonLine(e);
    String utc = RFC_3339.format(e.getEventTime().atOffset(ZoneOffset.UTC));
    String time =
        switch (i % 3) {
          case 0 -> utc;
          case 1 -> RFC_3339.format(e.getEventTime().atOffset(ZoneOffset.ofHoursMinutes(5, 30)));
          default -> RFC_3339.format(e.getEventTime().atOffset(ZoneOffset.ofHours(-8)));
        };
    assertThat(json).contains("\"time\":\"" + utc + "\"");
    json = json.replace("\"time\":\"" + utc + "\"", "\"time\":\"" + time + "\"");
    if (i % 2 == 1) {
      String q = e.getQuantity().stripTrailingZeros().toPlainString();
      json = json.replace("\"quantity\":\"" + q + "\"", "\"quantity\":" + q);
    }
    if (i % 4 == 2) {
      json =
          "\n  "
              + json.replace(
                  "{\"specversion\"",
                  "{\"traceparent\":\"00-4bf92f3577b34da6-00f067aa0ba902b7-01\",\"specversion\"");
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private PipelineFixture fixture(String name) {
    PipelineFixture f = new PipelineFixture(kafka, name);
    f.rule("it-usd", 1, "2026-01-01T00:00:00Z", RatingJobITCase.USD_V1);
    f.accounts(
        account("A", "USD", "smb", AccountStatus.ACTIVE),
        account("B", "USD", "smb", AccountStatus.ACTIVE));
    return f;
  }

  record Run(
      String name,
      List<Charge> charges,
      List<RejectedEvent> rejections,
      long rated,
      long rejected,
      long sent,
      long duplicateChargeIds) {}

  private Run run(PipelineFixture f, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    // the unknown meter waits this long for a rule; the accounts are on their topic before the job
    // starts
    RatingConfig config =
        f.config.toBuilder()
            .pendingTimeout(Duration.ofSeconds(6))
            .allowedLateness(Duration.ofDays(60))
            .ledgerEnabled(false)
            .build();
    Configuration conf =
        RatingJob.flinkConfiguration(
            config, checkpoints.resolve(config.groupId()).toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env, s -> s);
    JobClient job = env.executeAsync(config.groupId());
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      try (KafkaProducer<byte[], byte[]> p = Producers.bulk(kafka.bootstrapServers(), Map.of())) {
        records.forEach(p::send);
        p.flush();
      }
      assertThat(
              JobWatch.awaitAccounted(job, tally, records.size(), Duration.ofSeconds(120), n -> {}))
          .as(
              "%s: rated %d + rejected %d of %d",
              config.groupId(), tally.rated(), tally.rejectedEvents(), records.size())
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      JobWatch.stop(job);
      tally.poll(Duration.ofSeconds(1));
      return new Run(
          config.groupId(),
          tally.keptCharges(),
          tally.keptRejections(),
          tally.rated(),
          tally.rejectedEvents(),
          records.size(),
          tally.duplicateChargeIds());
    } finally {
      JobWatch.stop(job);
    }
  }

  /** The charges without the two times that say when this run rated and received them. */
  private static List<Charge> comparable(List<Charge> charges) {
    return charges.stream()
        .map(
            c ->
                Charge.newBuilder(c).setRatedAt(Instant.EPOCH).setIngestedAt(Instant.EPOCH).build())
        .sorted(Comparator.comparing(Charge::getChargeId))
        .toList();
  }

  private static Map<String, String> reasons(Run run) {
    Map<String, String> out = new TreeMap<>();
    for (RejectedEvent r : run.rejections) {
      assertThat(out.put(r.getEventId() == null ? "garbage" : r.getEventId(), r.getReasonCode()))
          .as("one rejection per id")
          .isNull();
    }
    return out;
  }

  private static RejectedEvent only(Run run, String id) {
    return run.rejections.stream()
        .filter(r -> id.equals(r.getEventId() == null ? "garbage" : r.getEventId()))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new TreeMap<>(m);
    out.put(k, v);
    return out;
  }

  private static byte[] bytes(RejectedEvent r) {
    byte[] out = new byte[r.getPayload().remaining()];
    r.getPayload().duplicate().get(out);
    return out;
  }
}

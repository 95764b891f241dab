package io.rateflow.cli.offline;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.rules.RuleFiles;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingPipeline;
import io.rateflow.job.RawRecord;
import io.rateflow.pricing.RuleValidationException;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Rates JSON Lines files with the streaming job's own pipeline, run in Flink BATCH mode: the same
 * decoders, the same keyed operator, the same prices.
 */
public final class OfflineRating {
  private OfflineRating() {}

  /** What a run produced; {@code eventLines} are the input lines, for reports and payloads. */
  public record Result(List<Charge> charges, List<RejectedEvent> rejected, List<String> eventLines) {}

  public static Result rate(Path rules, Path accounts, Path events, int parallelism) throws Exception {
    List<PricingRule> ruleRecords = new ArrayList<>();
    try {
      RuleFiles.load(rules, "rate").forEach(l -> ruleRecords.add(l.record()));
    } catch (RuleValidationException e) {
      throw new IllegalArgumentException("invalid rules:\n  " + String.join("\n  ", e.problems()));
    }
    List<RejectedEvent> rejected = new ArrayList<>();
    List<String> eventLines = Files.readAllLines(events);
    List<RawRecord> eventRecords = records(events, eventLines, true, rejected);
    List<RawRecord> accountRecords = records(accounts, Files.readAllLines(accounts), false, rejected);
    AvroCodec<PricingRule> ruleCodec = AvroCodec.of(PricingRule.class);
    List<RawRecord> ruleRaw = new ArrayList<>();
    for (PricingRule r : ruleRecords) {
      ruleRaw.add(new RawRecord(r.getSourceName(), 0, ruleRaw.size(), 0L, ruleCodec.encode(r)));
    }

    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    // Historic usage: nothing is "in the future" or "too late" in a re-rating of the past.
    RatingConfig config = RatingConfig.defaults("offline").toBuilder()
        .maxFutureSkew(Duration.ofDays(365 * 100)).allowedLateness(Duration.ofDays(365 * 100)).build();
    TypeInformation<RawRecord> type = TypeInformation.of(RawRecord.class);
    RatingPipeline.Outputs out = RatingPipeline.build(new RatingPipeline.Inputs(
        env.fromData(eventRecords.isEmpty() ? List.of() : eventRecords, type),
        env.fromData(accountRecords, type),
        env.fromData(ruleRaw, type)), config);
    CloseableIterator<Charge> charges = out.charges().collectAsync();
    CloseableIterator<RejectedEvent> rejections = out.rejected().collectAsync();
    env.execute("rateflow-rate");
    List<Charge> chargeList = new ArrayList<>();
    charges.forEachRemaining(chargeList::add);
    rejections.forEachRemaining(rejected::add);
    return new Result(chargeList, rejected, eventLines);
  }

  /** Converts lines to the topics' Avro; a line that is not valid JSON of the format is rejected here. */
  private static List<RawRecord> records(Path file, List<String> lines, boolean events, List<RejectedEvent> rejected) {
    AvroCodec<ActivityEvent> eventCodec = AvroCodec.of(ActivityEvent.class);
    AvroCodec<AccountProfile> accountCodec = AvroCodec.of(AccountProfile.class);
    List<RawRecord> out = new ArrayList<>();
    String name = file.getFileName().toString();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        byte[] bytes = events ? eventCodec.encode(JsonLines.event(line)) : accountCodec.encode(JsonLines.account(line));
        out.add(new RawRecord(name, 0, i + 1, 0L, bytes));
      } catch (Exception e) {
        rejected.add(RejectedEvent.newBuilder()
            .setReasonCode(RejectReason.MALFORMED.name())
            .setMessage(file + ":" + (i + 1) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage())
            .setPayload(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))
            .setSourceTopic(name).setSourcePartition(0).setSourceOffset(i + 1)
            .setRejectedAt(Instant.now())
            .build());
      }
    }
    return out;
  }
}

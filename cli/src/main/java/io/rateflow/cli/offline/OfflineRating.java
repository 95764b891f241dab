package io.rateflow.cli.offline;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingPipeline;
import io.rateflow.job.RawRecord;
import io.rateflow.pricing.RuleValidationException;
import io.rateflow.rating.EventCheck;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  public record Result(
      List<Charge> charges, List<RejectedEvent> rejected, List<String> eventLines) {}

  /**
   * How far back {@code rate} accepts usage: re-rating the past is its purpose, so nothing is
   * FAR_FUTURE or TOO_LATE within 100 years either way (documented in {@code rate --help}).
   */
  public static final Duration HORIZON = Duration.ofDays(365 * 100);

  public static Result rate(Path rules, Path accounts, Path events, int parallelism)
      throws Exception {
    return rate(rules, accounts, events, parallelism, null);
  }

  /**
   * As {@link #rate(Path, Path, Path, int)}, with event time taken to {@code asOf} at the end of
   * the input (null: not beyond the events): period starts of recurring items and minimum true-ups
   * due by then are charged, as the streaming job charges them when its watermark passes.
   */
  public static Result rate(Path rules, Path accounts, Path events, int parallelism, Instant asOf)
      throws Exception {
    List<PricingRule> ruleRecords = new ArrayList<>();
    if (!Files.exists(rules)) {
      throw new OfflineInputError(
          "rules " + rules + " do not exist; give a rule file or a directory of them");
    }
    try {
      RuleLoader.load(rules, "rate").forEach(l -> ruleRecords.add(l.record()));
    } catch (RuleValidationException e) {
      throw new IllegalArgumentException("invalid rules:\n  " + String.join("\n  ", e.problems()));
    }
    // The ledger runs inside the account operator: offline rating has no GL outputs to feed.
    RatingConfig config =
        RatingConfig.defaults("offline").toBuilder()
            .maxFutureSkew(HORIZON)
            .allowedLateness(HORIZON)
            .ledgerEnabled(false)
            .periodsAsOf(asOf)
            .build();
    List<RejectedEvent> rejected = new ArrayList<>();
    List<JsonLinesFile.Line> eventFile = JsonLinesFile.read(events, "events");
    List<JsonLinesFile.Line> accountFile = JsonLinesFile.read(accounts, "accounts");
    List<String> eventLines = eventFile.stream().map(JsonLinesFile.Line::text).toList();
    List<RawRecord> eventRecords =
        records(events, eventFile, true, rejected, new FirstCopies(config));
    List<RawRecord> accountRecords = records(accounts, accountFile, false, rejected, null);
    if (eventRecords.isEmpty()) {
      // nothing to rate: every line was blank or rejected here, and Flink is not needed for that
      return new Result(List.of(), rejected, eventLines);
    }
    AvroCodec<PricingRule> ruleCodec = AvroCodec.of(PricingRule.class);
    List<RawRecord> ruleRaw = new ArrayList<>();
    for (PricingRule r : ruleRecords) {
      ruleRaw.add(new RawRecord(r.getSourceName(), 0, ruleRaw.size(), 0L, ruleCodec.encode(r)));
    }

    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    TypeInformation<RawRecord> type = TypeInformation.of(RawRecord.class);
    RatingPipeline.Outputs out =
        RatingPipeline.build(
            new RatingPipeline.Inputs(
                env.fromData(eventRecords, type),
                env.fromData(accountRecords, type),
                env.fromData(ruleRaw, type)),
            config);
    CloseableIterator<Charge> charges = out.charges().collectAsync();
    CloseableIterator<RejectedEvent> rejections = out.rejected().collectAsync();
    env.execute("rateflow-rate");
    List<Charge> chargeList = new ArrayList<>();
    charges.forEachRemaining(chargeList::add);
    rejections.forEachRemaining(rejected::add);
    return new Result(chargeList, rejected, eventLines);
  }

  /**
   * Which copy of a repeated event id is charged: the first in the file. BATCH mode sorts each
   * account's events by time, and copies with the same time would come out in any order, so the
   * choice is made here, in input order, as the streaming job makes it in arrival order. Only a
   * copy that passes the event checks counts as the first, as in the job, where the checks run
   * before de-duplication.
   */
  private static final class FirstCopies {
    private final EventCheck check;
    private final Instant now = Instant.now();
    private final Map<List<String>, Integer> firstLine = new HashMap<>();

    FirstCopies(RatingConfig config) {
      check = new EventCheck(config.maxFutureSkew(), config.maxQuantity());
    }

    /** The line of the first copy of this event, or 0 when this is the first. */
    int earlierCopy(ActivityEvent e, int line) {
      if (check
          .check(
              e.getEventId(),
              e.getAccountId(),
              e.getMeter(),
              e.getQuantity(),
              e.getEventTime(),
              now)
          .isPresent()) {
        return 0; // rejected by the pipeline's own checks; it cannot be the charged copy
      }
      Integer first = firstLine.putIfAbsent(List.of(e.getAccountId(), e.getEventId()), line);
      return first == null ? 0 : first;
    }
  }

  /**
   * Converts lines to the topics' Avro; a line that is not valid JSON of the format is rejected
   * here.
   */
  private static List<RawRecord> records(
      Path file,
      List<JsonLinesFile.Line> lines,
      boolean events,
      List<RejectedEvent> rejected,
      FirstCopies firstCopies) {
    AvroCodec<ActivityEvent> eventCodec = AvroCodec.of(ActivityEvent.class);
    AvroCodec<AccountProfile> accountCodec = AvroCodec.of(AccountProfile.class);
    List<RawRecord> out = new ArrayList<>();
    String name = file.getFileName().toString();
    for (JsonLinesFile.Line line : lines) {
      if (line.isBlank()) {
        continue;
      }
      int n = line.number();
      if (line.problem() != null) {
        rejected.add(
            rejection(
                file, name, n, line.text(), RejectReason.MALFORMED, line.problem(), null, null));
        continue;
      }
      byte[] bytes;
      try {
        if (events) {
          ActivityEvent e = JsonLines.event(line.text());
          int first = firstCopies.earlierCopy(e, n);
          if (first != 0) {
            rejected.add(
                rejection(
                    file,
                    name,
                    n,
                    line.text(),
                    RejectReason.DUPLICATE,
                    "event "
                        + e.getEventId()
                        + " of account "
                        + e.getAccountId()
                        + " repeats line "
                        + first
                        + "; only the first copy is charged",
                    e.getEventId(),
                    e.getAccountId()));
            continue;
          }
          bytes = eventCodec.encode(e);
        } else {
          bytes = accountCodec.encode(JsonLines.account(line.text()));
        }
      } catch (Exception e) {
        String reason =
            e instanceof IllegalArgumentException && e.getMessage() != null
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        rejected.add(
            rejection(file, name, n, line.text(), RejectReason.MALFORMED, reason, null, null));
        continue;
      }
      out.add(new RawRecord(name, 0, n, 0L, bytes));
    }
    return out;
  }

  private static RejectedEvent rejection(
      Path file,
      String name,
      int line,
      String text,
      RejectReason reason,
      String why,
      String eventId,
      String accountId) {
    return RejectedEvent.newBuilder()
        .setReasonCode(reason.name())
        .setMessage(file + ":" + line + ": " + why)
        .setEventId(eventId)
        .setAccountId(accountId)
        .setPayload(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)))
        .setSourceTopic(name)
        .setSourcePartition(0)
        .setSourceOffset(line)
        .setRejectedAt(Instant.now())
        .build();
  }
}

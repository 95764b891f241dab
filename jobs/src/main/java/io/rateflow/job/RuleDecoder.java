package io.rateflow.job;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.balances.promotions.PromotionDocumentException;
import io.rateflow.balances.promotions.PromotionDocuments;
import io.rateflow.pricing.RuleParser;
import io.rateflow.pricing.RuleSet;
import io.rateflow.pricing.RuleValidationException;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates rule documents before they are broadcast, so that a bad rule that reached
 * the topic by other means than {@code rules publish} is rejected once, with its problems, and the
 * version in force stays in force.
 */
public final class RuleDecoder extends ProcessFunction<RawRecord, PricingRule> {
  private transient AvroCodec<PricingRule> codec;
  private transient Counter in;
  private transient Counter accepted;
  private transient Counter rejected;

  @Override
  public void open(OpenContext ctx) {
    codec = AvroCodec.of(PricingRule.class);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    in =
        metrics
            .addGroup(RatingMetrics.INPUT, RatingMetrics.INPUT_RULES)
            .counter(RatingMetrics.RECORDS_IN);
    accepted = metrics.counter(RatingMetrics.RULES_ACCEPTED);
    rejected = metrics.counter(RatingMetrics.RULES_REJECTED);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<PricingRule> out) {
    if (RulesCatchUp.isMarker(raw)) {
      out.collect(RulesCatchUp.markerRule());
      return;
    }
    in.inc();
    long now = ctx.timerService().currentProcessingTime();
    PricingRule rule;
    try {
      rule = codec.decode(raw.value);
    } catch (Throwable e) {
      ctx.output(
          RatingPipeline.REJECTED_RULES,
          rejection(
              raw,
              "",
              0,
              List.of(raw.where() + ": not a valid Avro PricingRule: " + problem(e)),
              now));
      rejected.inc();
      return;
    }
    List<String> problems;
    try {
      problems = problems(rule);
    } catch (Throwable e) {
      // One document must never stop the job (a parser's own bug, a YAML bomb, a stack overflow):
      // it is rejected and the version in force stays in force.
      problems =
          List.of(rule.getSourceName() + ": the document could not be parsed: " + problem(e));
    }
    if (!problems.isEmpty()) {
      ctx.output(
          RatingPipeline.REJECTED_RULES,
          rejection(raw, rule.getRuleSetId(), rule.getVersion(), problems, now));
      rejected.inc();
      return;
    }
    accepted.inc();
    out.collect(rule);
  }

  /**
   * What is wrong with a decoded document; empty when it is valid (charts are the ledger's to
   * check). Public so that {@code ./rateflow status} judges the versions on the topic exactly as
   * the job does.
   */
  public static List<String> problems(PricingRule rule) throws Exception {
    List<String> problems = new ArrayList<>();
    if (rule.getKind() == RuleKind.PRICING) {
      try {
        RuleSet parsed = RuleParser.parse(rule.getDocument(), rule.getSourceName());
        if (!parsed.id().equals(rule.getRuleSetId()) || parsed.version() != rule.getVersion()) {
          problems.add(
              rule.getSourceName()
                  + ": the record says "
                  + rule.getRuleSetId()
                  + " v"
                  + rule.getVersion()
                  + " but the document is "
                  + parsed.id()
                  + " v"
                  + parsed.version());
        }
      } catch (RuleValidationException e) {
        problems.addAll(e.problems());
      }
    } else if (rule.getKind() == RuleKind.PROMOTION) {
      try {
        PromotionDocuments.parse(rule.getSourceName(), rule.getDocument());
      } catch (PromotionDocumentException e) {
        problems.addAll(e.problems());
      }
    }
    return problems;
  }

  /**
   * A Throwable as one line: its class (an OutOfMemoryError says more than its message) and
   * message.
   */
  private static String problem(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null
            ? ""
            : ": " + (message.length() > 500 ? message.substring(0, 500) + "…" : message));
  }

  static RejectedRule rejection(
      RawRecord raw, String id, long version, List<String> problems, long now) {
    ByteBuffer bytes = ByteBuffer.wrap(raw.value);
    String note = Rejections.payloadNote(bytes, raw.where());
    if (!note.isEmpty()) {
      problems = new java.util.ArrayList<>(problems);
      problems.add(raw.where() + ":" + note);
    }
    return RejectedRule.newBuilder()
        .setRuleSetId(id)
        .setVersion(version)
        .setProblems(problems)
        .setPayload(Rejections.payload(bytes))
        .setSourceTopic(raw.topic)
        .setSourcePartition(raw.partition)
        .setSourceOffset(raw.offset)
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** A rejection found after broadcasting, where the original coordinates are no longer known. */
  static RejectedRule rejection(PricingRule rule, List<String> problems, long now) {
    RawRecord raw =
        new RawRecord("broadcast", -1, -1, now, AvroCodec.of(PricingRule.class).encode(rule));
    return rejection(raw, rule.getRuleSetId(), rule.getVersion(), problems, now);
  }
}

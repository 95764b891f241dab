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
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates rule documents before they are broadcast, so that a bad rule that reached
 * the topic by other means than {@code rules publish} is rejected once, with its problems, and the
 * version in force stays in force.
 */
public final class RuleDecoder extends ProcessFunction<RawRecord, PricingRule> {
  private transient AvroCodec<PricingRule> codec;

  @Override
  public void open(OpenContext ctx) {
    codec = AvroCodec.of(PricingRule.class);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<PricingRule> out) {
    long now = ctx.timerService().currentProcessingTime();
    PricingRule rule;
    try {
      rule = codec.decode(raw.value);
    } catch (Exception e) {
      ctx.output(RatingPipeline.REJECTED_RULES, rejection(raw, "", 0,
          List.of(raw.where() + ": not a valid Avro PricingRule: " + e.getMessage()), now));
      return;
    }
    if (rule.getKind() == RuleKind.PRICING) {
      List<String> problems = new ArrayList<>();
      try {
        RuleSet parsed = RuleParser.parse(rule.getDocument(), rule.getSourceName());
        if (!parsed.id().equals(rule.getRuleSetId()) || parsed.version() != rule.getVersion()) {
          problems.add(rule.getSourceName() + ": the record says " + rule.getRuleSetId() + " v" + rule.getVersion()
              + " but the document is " + parsed.id() + " v" + parsed.version());
        }
      } catch (RuleValidationException e) {
        problems.addAll(e.problems());
      }
      if (!problems.isEmpty()) {
        ctx.output(RatingPipeline.REJECTED_RULES, rejection(raw, rule.getRuleSetId(), rule.getVersion(), problems, now));
        return;
      }
    } else if (rule.getKind() == RuleKind.PROMOTION) {
      try {
        PromotionDocuments.parse(rule.getSourceName(), rule.getDocument());
      } catch (PromotionDocumentException e) {
        ctx.output(RatingPipeline.REJECTED_RULES, rejection(raw, rule.getRuleSetId(), rule.getVersion(), e.problems(), now));
        return;
      }
    }
    out.collect(rule);
  }

  static RejectedRule rejection(RawRecord raw, String id, long version, List<String> problems, long now) {
    return RejectedRule.newBuilder()
        .setRuleSetId(id)
        .setVersion(version)
        .setProblems(problems)
        .setPayload(ByteBuffer.wrap(raw.value))
        .setSourceTopic(raw.topic)
        .setSourcePartition(raw.partition)
        .setSourceOffset(raw.offset)
        .setRejectedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** A rejection found after broadcasting, where the original coordinates are no longer known. */
  static RejectedRule rejection(PricingRule rule, List<String> problems, long now) {
    RawRecord raw = new RawRecord("broadcast", -1, -1, now, AvroCodec.of(PricingRule.class).encode(rule));
    return rejection(raw, rule.getRuleSetId(), rule.getVersion(), problems, now);
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RejectedRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.schema.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * No single rules record stops the job: whatever decoding or parsing throws becomes a rejected
 * rule.
 */
class RuleDecoderTest {

  @Test
  void aPromotionDocumentThatBlowsTheYamlAliasLimitIsRejectedNotThrown() throws Exception {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      bomb.append("]\n");
    }
    List<RejectedRule> rejected = decode(rule(RuleKind.PROMOTION, "bomb", bomb.toString()));
    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getRuleSetId()).isEqualTo("bomb");
              assertThat(r.getProblems()).isNotEmpty();
              assertThat(r.getPayload()).isNotNull();
            });
  }

  @Test
  void bytesThatAreNoRuleAreRejectedWithWhereTheyCameFrom() throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new RuleDecoder());
    h.processElement(
        new RawRecord(
            "rules", 0, 7, 0L, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2}),
        0);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.getSideOutput(RatingPipeline.REJECTED_RULES))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getValue().getProblems().get(0))
                    .startsWith("rules/0@7: not a valid Avro PricingRule"));
  }

  private static List<RejectedRule> decode(PricingRule rule) throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new RuleDecoder());
    h.processElement(
        new RawRecord("rules", 0, 1, 0L, AvroCodec.of(PricingRule.class).encode(rule)), 0);
    assertThat(h.extractOutputValues()).isEmpty();
    var side = h.getSideOutput(RatingPipeline.REJECTED_RULES);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static PricingRule rule(RuleKind kind, String id, String document) {
    return PricingRule.newBuilder()
        .setKind(kind)
        .setRuleSetId(id)
        .setVersion(1)
        .setEffectiveFrom(Instant.EPOCH)
        .setDocument(document)
        .setSourceName(id + ".yaml")
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("t")
        .build();
  }
}

package io.rateflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RejectedRule;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dead letter must always be writable: its own size is bounded whatever the rejected record's.
 */
class RejectionsTest {

  @Test
  void aSmallRecordTravelsWhole() {
    byte[] bytes = {1, 2, 3};
    RejectedEvent r =
        Rejections.of(
            new RawRecord("events", 0, 7, 0, bytes), RejectReason.MALFORMED, "bad", null, null, 0);

    assertThat(r.getPayload().remaining()).isEqualTo(3);
    assertThat(r.getMessage()).isEqualTo("bad [events/0@7]");
  }

  @Test
  void aRecordAtTheTopicsLimitIsCutAndSaysWhereTheWholeOneIs() {
    byte[] bytes = new byte[1024 * 1024];
    Arrays.fill(bytes, (byte) 7);
    RejectedEvent r =
        Rejections.of(
            new RawRecord("events", 3, 42, 0, bytes), RejectReason.MALFORMED, "bad", null, null, 0);

    assertThat(r.getPayload().remaining()).isEqualTo(Rejections.MAX_PAYLOAD_BYTES);
    assertThat(r.getMessage()).contains("first 524288 of 1048576 bytes").contains("events/3@42");
    // the dead letter itself stays well under the 1 MiB a default topic accepts
    assertThat(AvroCodec.of(RejectedEvent.class).encode(r).length).isLessThan(600 * 1024);
  }

  @Test
  void aRejectedRuleDocumentIsCutTheSameWay() {
    RejectedRule r =
        RuleDecoder.rejection(
            new RawRecord("pricing-rules", 0, 9, 0, new byte[900 * 1024]),
            "big",
            1,
            List.of("big.yaml:1: too large"),
            0);

    assertThat(r.getPayload().remaining()).isEqualTo(Rejections.MAX_PAYLOAD_BYTES);
    assertThat(r.getProblems()).hasSize(2).last().asString().contains("pricing-rules/0@9");
  }
}

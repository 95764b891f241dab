package io.rateflow.cli.io;

import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.CorrectionRecord;
import io.rateflow.avro.JournalEntry;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.offline.JsonLines;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What {@code tail} prints: an output topic of the job, decoded with {@link AvroCodec} and written
 * as one JSON line per record. Charges and rejected events in the shapes {@code rate} writes
 * (charges.jsonl, rejected.jsonl), so stream and batch output compare line by line; the others as a
 * faithful JSON of the Avro record ({@link AvroJson}).
 */
public enum OutputKind {
  CHARGES("charges", RatingConfig::chargesTopic, Charge.class) {
    @Override
    String json(SpecificRecordBase r) throws Exception {
      return JsonLines.charge((Charge) r);
    }
  },
  REJECTED_EVENTS("rejected-events", RatingConfig::rejectedTopic, RejectedEvent.class) {
    @Override
    String json(SpecificRecordBase r) throws Exception {
      return JsonLines.rejected((RejectedEvent) r);
    }
  },
  TRIGGERS("triggers", RatingConfig::triggersTopic, PromotionTriggerRecord.class),
  BALANCES("balances", RatingConfig::balancesTopic, BalanceView.class),
  /**
   * What the general ledger imports: daily summaries, their reversals and replacements, rare facts.
   */
  ERP_GL_EXPORT("erp-gl-export", RatingConfig::journalTopic, JournalEntry.class),
  /** One entry per charge, written only with ledger.detail-entries=true. */
  ERP_GL_DETAIL("erp-gl-detail", RatingConfig::journalDetailTopic, JournalEntry.class),
  /** Charges later than the allowed lateness, for an accountant. */
  ERP_GL_CORRECTIONS("erp-gl-corrections", RatingConfig::correctionsTopic, CorrectionRecord.class);

  final String label;
  final Function<RatingConfig, String> topic;
  final AvroCodec<? extends SpecificRecordBase> codec;

  OutputKind(
      String label,
      Function<RatingConfig, String> topic,
      Class<? extends SpecificRecordBase> type) {
    this.label = label;
    this.topic = topic;
    this.codec = AvroCodec.of(type);
  }

  /** One record's bytes as a JSON line; throws when they are not a record of this topic. */
  String line(byte[] value) throws Exception {
    return json(codec.decode(value));
  }

  String json(SpecificRecordBase r) throws Exception {
    return AvroJson.line(r);
  }

  /** The kind a user names on the command line. */
  static OutputKind named(String name) {
    return Arrays.stream(values())
        .filter(k -> k.label.equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + name
                        + "' is not a topic tail prints; choose one of "
                        + Arrays.stream(values())
                            .map(k -> k.label)
                            .collect(Collectors.joining(", "))));
  }
}

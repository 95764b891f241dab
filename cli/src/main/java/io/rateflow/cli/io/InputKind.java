package io.rateflow.cli.io;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.cli.offline.JsonLines;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * What {@code send} publishes: each kind reads JSON Lines in the shape {@code rate} reads
 * (accounts, events) or docs/json-lines.md defines (commands, estimates), to the job's input topic.
 */
public enum InputKind {
  ACCOUNTS("accounts", RatingConfig::accountsTopic) {
    @Override
    Encoded encode(String line, Instant now) throws Exception {
      AccountProfile p = JsonLines.account(line);
      return new Encoded(p.getAccountId(), ACCOUNT_CODEC.encode(p));
    }
  },
  EVENTS("events", RatingConfig::eventsTopic) {
    @Override
    Encoded encode(String line, Instant now) throws Exception {
      ActivityEvent e = JsonLines.event(line);
      // A CloudEvent line goes on the wire as the CloudEvents JSON it is (checked by the job's own
      // reader above), the way a gateway would send it; a plain line becomes the topic's Avro.
      byte[] value =
          JsonLines.isCloudEvent(line)
              ? line.strip().getBytes(StandardCharsets.UTF_8)
              : EVENT_CODEC.encode(e);
      return new Encoded(e.getAccountId(), value);
    }
  },
  COMMANDS("balance commands", RatingConfig::balanceCommandsTopic) {
    @Override
    Encoded encode(String line, Instant now) {
      BalanceCommand c = JsonLines.balanceCommand(line, now);
      return new Encoded(c.getAccountId(), COMMAND_CODEC.encode(c));
    }
  },
  ESTIMATES("estimate requests", RatingConfig::estimateRequestsTopic) {
    @Override
    Encoded encode(String line, Instant now) {
      EstimateRequest r = JsonLines.estimateRequest(line, now);
      return new Encoded(r.getAccountId(), ESTIMATE_CODEC.encode(r));
    }
  };

  private static final AvroCodec<AccountProfile> ACCOUNT_CODEC = AvroCodec.of(AccountProfile.class);
  private static final AvroCodec<ActivityEvent> EVENT_CODEC = AvroCodec.of(ActivityEvent.class);
  private static final AvroCodec<BalanceCommand> COMMAND_CODEC = AvroCodec.of(BalanceCommand.class);
  private static final AvroCodec<EstimateRequest> ESTIMATE_CODEC =
      AvroCodec.of(EstimateRequest.class);

  /** A record ready for Kafka: keyed by its account, so each account's records stay in order. */
  record Encoded(String key, byte[] value) {}

  final String label;
  final Function<RatingConfig, String> topic;

  InputKind(String label, Function<RatingConfig, String> topic) {
    this.label = label;
    this.topic = topic;
  }

  /** The line as the topic's Avro; throws with the reason when the line is not of this shape. */
  abstract Encoded encode(String line, Instant now) throws Exception;
}

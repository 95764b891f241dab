package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import io.rateflow.rating.EventCheck;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes the raw records of one keyed input (events or account profiles) into {@link Inbound},
 * and sends what cannot be decoded or fails the account-independent checks to the dead-letter
 * output. Runs chained to its source, before watermarks are assigned.
 */
public final class InboundDecoder extends ProcessFunction<RawRecord, Inbound> {
  /** Which of the keyed inputs this decoder reads. */
  public enum Kind { EVENTS, ACCOUNTS, COMMANDS, ESTIMATES }

  private final Kind kind;
  private final RatingConfig config;
  private transient AvroCodec<ActivityEvent> events;
  private transient AvroCodec<AccountProfile> accounts;
  private transient AvroCodec<BalanceCommand> commands;
  private transient AvroCodec<EstimateRequest> estimates;
  private transient EventCheck check;

  public InboundDecoder(Kind kind, RatingConfig config) {
    this.kind = kind;
    this.config = config;
  }

  @Override
  public void open(OpenContext ctx) {
    events = AvroCodec.of(ActivityEvent.class);
    accounts = AvroCodec.of(AccountProfile.class);
    commands = AvroCodec.of(BalanceCommand.class);
    estimates = AvroCodec.of(EstimateRequest.class);
    check = new EventCheck(config.maxFutureSkew(), config.maxQuantity());
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<Inbound> out) {
    long now = ctx.timerService().currentProcessingTime();
    Object payload;
    String accountId;
    try {
      if (kind == Kind.EVENTS) {
        ActivityEvent e = events.decode(raw.value);
        Optional<EventCheck.Problem> problem =
            check.check(e.getEventId(), e.getAccountId(), e.getMeter(), e.getQuantity(), e.getEventTime(), Instant.ofEpochMilli(now));
        if (problem.isPresent()) {
          ctx.output(RatingPipeline.REJECTED, Rejections.of(raw, problem.get().reason(), problem.get().message(), e.getEventId(), e.getAccountId(), now));
          return;
        }
        payload = e;
        accountId = e.getAccountId();
      } else if (kind == Kind.ACCOUNTS) {
        AccountProfile p = accounts.decode(raw.value);
        String problem = profileProblem(p);
        if (problem != null) {
          ctx.output(RatingPipeline.REJECTED, Rejections.of(raw, RejectReason.INVALID_PROFILE, problem, null, p.getAccountId(), now));
          return;
        }
        payload = p;
        accountId = p.getAccountId();
      } else if (kind == Kind.COMMANDS) {
        BalanceCommand c = commands.decode(raw.value);
        if (c.getCommandId().isBlank() || c.getAccountId().isBlank()) {
          ctx.output(RatingPipeline.REJECTED, Rejections.of(raw, RejectReason.INVALID_EVENT,
              "balance command without command_id or account_id", c.getCommandId(), c.getAccountId(), now));
          return;
        }
        payload = c;
        accountId = c.getAccountId();
      } else {
        EstimateRequest r = estimates.decode(raw.value);
        payload = r;
        accountId = r.getAccountId();
      }
    } catch (Exception e) {
      // Any decoding failure (EOF, bad union index, bad UTF-8, negative length...) is bad input,
      // never a reason to fail the job.
      String what = switch (kind) {
        case EVENTS -> "ActivityEvent";
        case ACCOUNTS -> "AccountProfile";
        case COMMANDS -> "BalanceCommand";
        case ESTIMATES -> "EstimateRequest";
      };
      ctx.output(RatingPipeline.REJECTED, Rejections.of(raw, RejectReason.MALFORMED,
          "not a valid Avro " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, null, now));
      return;
    }
    out.collect(Inbound.newBuilder()
        .setAccountId(accountId)
        .setPayload(payload)
        .setRaw(ByteBuffer.wrap(raw.value))
        .setSourceTopic(raw.topic)
        .setSourcePartition(raw.partition)
        .setSourceOffset(raw.offset)
        .setIngestedAt(raw.timestamp)
        .setHeldSince(0L)
        .build());
  }

  /** Why a profile cannot be used, or null when it can. */
  static String profileProblem(AccountProfile p) {
    if (p.getAccountId() == null || p.getAccountId().isBlank()) {
      return "account profile without account_id";
    }
    try {
      Currency.getInstance(p.getCurrency());
    } catch (IllegalArgumentException | NullPointerException e) {
      return "account " + p.getAccountId() + ": currency '" + p.getCurrency() + "' is not an ISO-4217 code";
    }
    try {
      ZoneId.of(p.getTimeZone());
    } catch (DateTimeException e) {
      return "account " + p.getAccountId() + ": time_zone '" + p.getTimeZone() + "' is not an IANA zone id";
    }
    return null;
  }
}

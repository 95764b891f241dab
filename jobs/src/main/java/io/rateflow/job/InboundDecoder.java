package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.rating.CloudEventReader;
import io.rateflow.rating.CloudEventRejection;
import io.rateflow.rating.EventCheck;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import io.rateflow.schema.MalformedRecordException;
import java.math.BigDecimal;
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
 * Decodes the raw records of one keyed input (events or account profiles) into {@link Inbound}, and
 * sends what cannot be decoded or fails the account-independent checks to the dead-letter output.
 * Runs chained to its source, before watermarks are assigned.
 *
 * <p>The events topic takes Avro and CloudEvents 1.0 JSON, told apart per record (first non-blank
 * byte '{' is JSON); both pass the same checks and are rejected with the same reasons and the
 * original bytes. The other topics take Avro only.
 */
public final class InboundDecoder extends ProcessFunction<RawRecord, Inbound> {
  /** Which of the keyed inputs this decoder reads. */
  public enum Kind {
    EVENTS,
    ACCOUNTS,
    COMMANDS,
    ESTIMATES
  }

  /** 10^24 < 2^80: a decimal(24, 6) never needs more bits. */
  private static final int MAX_DECIMAL_BITS = 80;

  private final Kind kind;
  private final RatingConfig config;
  private transient AvroCodec<ActivityEvent> events;
  private transient AvroCodec<AccountProfile> accounts;
  private transient AvroCodec<BalanceCommand> commands;
  private transient AvroCodec<EstimateRequest> estimates;
  private transient EventCheck check;
  private transient CloudEventReader cloudEvents;

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
    cloudEvents = new CloudEventReader();
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<Inbound> out) {
    long now = ctx.timerService().currentProcessingTime();
    boolean json = CloudEventReader.isJson(raw.value);
    Object decoded;
    try {
      decoded = json ? decodeJson(raw.value) : decode(raw.value);
    } catch (CloudEventRejection r) {
      String message =
          kind == Kind.EVENTS && r.reason() == RejectReason.MALFORMED
              ? "not a valid CloudEvent: " + r.getMessage()
              : r.getMessage();
      ctx.output(
          RatingPipeline.REJECTED,
          Rejections.of(raw, r.reason(), message, r.eventId(), r.accountId(), now));
      return;
    } catch (Throwable e) {
      // Whatever one record's bytes make the decoder throw (the codec wraps even an Error) is bad
      // input: a rejection with the bytes, never a failed task that would re-read the same record.
      ctx.output(
          RatingPipeline.REJECTED,
          Rejections.of(
              raw,
              RejectReason.MALFORMED,
              "not a valid " + (json ? "CloudEvent" : "Avro " + typeName()) + ": " + reason(e),
              null,
              null,
              now));
      return;
    }
    RejectedEvent rejection;
    try {
      rejection = check(raw, decoded, now);
    } catch (Throwable e) {
      // A decodable record whose values break a check (an absurd decimal...): still this record's
      // fault.
      rejection =
          Rejections.of(
              raw,
              kind == Kind.ACCOUNTS ? RejectReason.INVALID_PROFILE : RejectReason.INVALID_EVENT,
              typeName() + " could not be checked: " + reason(e),
              null,
              null,
              now);
    }
    if (rejection != null) {
      ctx.output(RatingPipeline.REJECTED, rejection);
      return;
    }
    // Outside the try blocks: a failure downstream of this chained operator is not this record's
    // fault.
    out.collect(
        Inbound.newBuilder()
            .setAccountId(accountIdOf(decoded))
            .setPayload(decoded)
            .setRaw(ByteBuffer.wrap(raw.value))
            .setSourceTopic(raw.topic)
            .setSourcePartition(raw.partition)
            .setSourceOffset(raw.offset)
            .setIngestedAt(raw.timestamp)
            .setHeldSince(0L)
            .build());
  }

  /**
   * The CloudEvent of the events topic; JSON on any other topic is refused: only events have a JSON
   * mapping.
   */
  private ActivityEvent decodeJson(byte[] bytes) throws CloudEventRejection {
    if (kind != Kind.EVENTS) {
      throw new CloudEventRejection(
          RejectReason.MALFORMED,
          "a JSON record where only Avro "
              + typeName()
              + " records are read; CloudEvents JSON is accepted on the events topic only",
          null,
          null);
    }
    return cloudEvents.read(bytes);
  }

  private Object decode(byte[] bytes) throws MalformedRecordException {
    return switch (kind) {
      case EVENTS -> events.decode(bytes);
      case ACCOUNTS -> accounts.decode(bytes);
      case COMMANDS -> commands.decode(bytes);
      case ESTIMATES -> estimates.decode(bytes);
    };
  }

  /** The rejection of a decoded record that fails the account-independent checks, or null. */
  private RejectedEvent check(RawRecord raw, Object decoded, long now) {
    if (decoded instanceof ActivityEvent e) {
      String oversized = oversizedDecimal(e);
      if (oversized != null) {
        return Rejections.of(
            raw, RejectReason.INVALID_QUANTITY, oversized, e.getEventId(), e.getAccountId(), now);
      }
      Optional<EventCheck.Problem> problem =
          check.check(
              e.getEventId(),
              e.getAccountId(),
              e.getMeter(),
              e.getQuantity(),
              e.getEventTime(),
              Instant.ofEpochMilli(now));
      return problem
          .map(
              p ->
                  Rejections.of(
                      raw, p.reason(), p.message(), e.getEventId(), e.getAccountId(), now))
          .orElse(null);
    }
    if (decoded instanceof AccountProfile p) {
      String problem = profileProblem(p);
      return problem == null
          ? null
          : Rejections.of(raw, RejectReason.INVALID_PROFILE, problem, null, p.getAccountId(), now);
    }
    if (decoded instanceof BalanceCommand c) {
      if (c.getCommandId().isBlank() || c.getAccountId().isBlank()) {
        return Rejections.of(
            raw,
            RejectReason.INVALID_EVENT,
            "balance command without command_id or account_id",
            c.getCommandId(),
            c.getAccountId(),
            now);
      }
      String units = unitsProblem(c.getUnits());
      return units == null
          ? null
          : Rejections.of(
              raw,
              RejectReason.INVALID_EVENT,
              "balance command " + c.getCommandId() + ": " + units,
              c.getCommandId(),
              c.getAccountId(),
              now);
    }
    if (decoded instanceof EstimateRequest r) {
      String oversized =
          oversized(
              new String[] {"quantity", "value"}, new BigDecimal[] {r.getQuantity(), r.getValue()});
      return oversized == null
          ? null
          : Rejections.of(
              raw,
              RejectReason.INVALID_QUANTITY,
              oversized + " (estimate request " + r.getRequestId() + ")",
              r.getRequestId(),
              r.getAccountId(),
              now);
    }
    return null;
  }

  /**
   * Which decimal of the event has more digits than its schema's precision (24), or null. Avro does
   * not enforce the precision on read, and printing a decimal of a million digits (in a check's
   * message) takes seconds and makes a dead-letter record larger than Kafka accepts; the bit length
   * is known without printing anything.
   */
  static String oversizedDecimal(ActivityEvent e) {
    String problem =
        oversized(
            new String[] {"quantity", "value", "unit_price"},
            new BigDecimal[] {e.getQuantity(), e.getValue(), e.getUnitPrice()});
    return problem == null ? null : problem + " (event " + e.getEventId() + ")";
  }

  private static String oversized(String[] names, BigDecimal[] values) {
    for (int i = 0; i < names.length; i++) {
      if (values[i] != null && values[i].unscaledValue().bitLength() > MAX_DECIMAL_BITS) {
        return names[i]
            + " has "
            + values[i].unscaledValue().bitLength()
            + " significant bits, more than the "
            + "24 digits of the schema's decimal(24, 6)";
      }
    }
    return null;
  }

  /**
   * Why an allowance's units (a decimal as text) cannot be used, or null. Bounded like a rule's
   * decimals: "1e999999999" parses instantly but would make every later sum with it crawl.
   */
  static String unitsProblem(String units) {
    if (units == null) {
      return null;
    }
    if (units.length() > 64) {
      return "units has "
          + units.length()
          + " characters; expected a decimal number such as 1000 or 2.5";
    }
    BigDecimal d;
    try {
      d = new BigDecimal(units.trim());
    } catch (NumberFormatException e) {
      return "units '" + units + "' is not a decimal number such as 1000 or 2.5";
    }
    if (d.scale() > 12 || d.precision() - d.scale() > 18) {
      return "units " + units + " is out of range: at most 18 integer digits and 12 decimals";
    }
    return null;
  }

  private static String accountIdOf(Object decoded) {
    if (decoded instanceof ActivityEvent e) {
      return e.getAccountId();
    }
    if (decoded instanceof AccountProfile p) {
      return p.getAccountId();
    }
    if (decoded instanceof BalanceCommand c) {
      return c.getAccountId();
    }
    return ((EstimateRequest) decoded).getAccountId();
  }

  private String typeName() {
    return switch (kind) {
      case EVENTS -> "ActivityEvent";
      case ACCOUNTS -> "AccountProfile";
      case COMMANDS -> "BalanceCommand";
      case ESTIMATES -> "EstimateRequest";
    };
  }

  /**
   * The codec's reason as it is; anything else with its type, which often says more than its
   * message.
   */
  private static String reason(Throwable e) {
    return e instanceof MalformedRecordException
        ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Why a profile cannot be used, or null when it can. */
  static String profileProblem(AccountProfile p) {
    if (p.getAccountId() == null || p.getAccountId().isBlank()) {
      return "account profile without account_id";
    }
    try {
      Currency.getInstance(p.getCurrency());
    } catch (IllegalArgumentException | NullPointerException e) {
      return "account "
          + p.getAccountId()
          + ": currency '"
          + p.getCurrency()
          + "' is not an ISO-4217 code";
    }
    try {
      ZoneId.of(p.getTimeZone());
    } catch (DateTimeException e) {
      return "account "
          + p.getAccountId()
          + ": time_zone '"
          + p.getTimeZone()
          + "' is not an IANA zone id";
    }
    return null;
  }
}

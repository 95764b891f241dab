package io.rateflow.cli.soak;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.cli.demo.TrafficGenerator;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The soak's input, generated once from a seed and kept whole, so the same bytes go to the job and
 * to the reference: accounts (the demo's mix: prepaid and postpaid, three currencies, a few
 * suspended or closed), balance commands (top-ups, allowances, promotional credit — none expiring),
 * and events whose times never go backwards within an account, with a few duplicates and bad
 * records.
 */
public final class SoakTraffic {
  /** One record for the events topic, as produced. */
  public record Record(String key, byte[] value) {}

  /**
   * The events' time window: long enough to look real, short enough that no grant expires in it.
   */
  private static final Duration WINDOW = Duration.ofHours(5);

  private final List<AccountProfile> accounts;
  private final List<BalanceCommand> commands;
  private final List<Record> events;
  private final Map<String, Integer> inputsByKind = new TreeMap<>();

  private SoakTraffic(
      List<AccountProfile> accounts, List<BalanceCommand> commands, List<Record> events) {
    this.accounts = accounts;
    this.commands = commands;
    this.events = events;
  }

  /**
   * Generates the traffic. {@code start} is where the events' time window begins; the events end
   * before {@code start} + 5 h, so pass a time about 6 h ago.
   */
  public static SoakTraffic generate(long seed, int accountCount, long eventCount, Instant start) {
    SplittableRandom random = new SplittableRandom(seed);
    List<AccountProfile> accounts =
        new TrafficGenerator(random.nextLong(), accountCount, start).accounts();
    List<BalanceCommand> commands = commands(accounts, start.minusSeconds(60));
    SoakTraffic t = new SoakTraffic(accounts, commands, new ArrayList<>());
    t.generateEvents(random.split(), eventCount, start);
    return t;
  }

  /** Traffic made by hand (tests): the records are used as given. */
  static SoakTraffic of(
      List<AccountProfile> accounts, List<BalanceCommand> commands, List<Record> events) {
    return new SoakTraffic(accounts, commands, events);
  }

  private static List<BalanceCommand> commands(List<AccountProfile> profiles, Instant issued) {
    List<BalanceCommand> out = new ArrayList<>();
    int usd = 0;
    int prepaid = 0;
    for (AccountProfile p : profiles) {
      String id = p.getAccountId();
      if (p.getStatus() != AccountStatus.ACTIVE) {
        continue; // a command for a suspended or closed account proves nothing about faults
      }
      if (p.getPrepaidOnly()) {
        // every other prepaid account tops up enough for the top-up bonus promotion
        long amount = prepaid++ % 2 == 0 ? 6000 : 2000;
        out.add(
            command(
                    "soak-topup-" + id,
                    id,
                    BalanceCommandType.TOP_UP,
                    amount,
                    p.getCurrency(),
                    issued)
                .build());
      }
      if (p.getPlan().equals("growth")) {
        out.add(
            command("soak-allowance-" + id, id, BalanceCommandType.GRANT, 0, "", issued)
                .setGrantKind(BalanceGrantKind.ALLOWANCE)
                .setMeter("compute_minutes")
                .setUnits("600")
                .setSource("plan:growth")
                .build());
      }
      if (p.getCurrency().equals("USD") && usd++ % 15 == 0) {
        out.add(
            command("soak-credit-" + id, id, BalanceCommandType.GRANT, 500, "USD", issued)
                .setGrantKind(BalanceGrantKind.PROMOTIONAL)
                .setPriority(10)
                .setSource("goodwill")
                .build());
      }
    }
    return out;
  }

  private static BalanceCommand.Builder command(
      String id,
      String account,
      BalanceCommandType type,
      long amount,
      String currency,
      Instant issued) {
    return BalanceCommand.newBuilder()
        .setCommandId(id)
        .setAccountId(account)
        .setType(type)
        .setAmountMinor(amount)
        .setCurrency(currency)
        .setIssuedAt(issued)
        .setSource("soak");
  }

  private void generateEvents(SplittableRandom random, long count, Instant start) {
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    // Strictly increasing times over the whole stream, so every account's own times never go back.
    long stepMicros = Math.max(1, WINDOW.toNanos() / 1000 / Math.max(1, count));
    ActivityEvent last = null;
    for (long i = 0; i < count; i++) {
      Instant at =
          start.plusNanos(i * stepMicros * 1000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      int bad = random.nextInt(1000);
      if (bad < 2) {
        count("malformed bytes");
        byte[] junk = new byte[1 + random.nextInt(40)];
        for (int b = 0; b < junk.length; b++) {
          junk[b] = (byte) random.nextInt(256);
        }
        events.add(new Record(null, junk));
        continue;
      }
      if (bad < 5 && last != null) {
        // A retry: the latest event again, same id and time, as a producer re-sends after a
        // timeout.
        count("duplicate event id");
        events.add(new Record(last.getAccountId(), codec.encode(last)));
        continue;
      }
      double u = random.nextDouble();
      ActivityEvent e =
          event(random, TrafficGenerator.accountId(1 + (int) (accounts.size() * u * u * u)), at, i);
      if (bad < 7) {
        count("unknown account");
        e.setAccountId("acct-unknown-" + random.nextInt(50));
      } else if (bad < 9) {
        count("negative quantity");
        e.setQuantity(e.getQuantity().negate().subtract(BigDecimal.ONE).setScale(6));
      } else if (bad < 11) {
        count("unknown meter");
        e.setMeter("teleport_minutes");
      } else {
        count("valid");
        last = e;
      }
      events.add(new Record(e.getAccountId(), codec.encode(e)));
    }
  }

  private void count(String kind) {
    inputsByKind.merge(kind, 1, Integer::sum);
  }

  private static ActivityEvent event(
      SplittableRandom random, String account, Instant at, long sequence) {
    String meter = TrafficGenerator.METERS[random.nextInt(TrafficGenerator.METERS.length)];
    Map<String, String> attributes = new HashMap<>();
    BigDecimal quantity;
    BigDecimal value = null;
    switch (meter) {
      case "api_calls" -> quantity = BigDecimal.valueOf(1 + random.nextInt(2_000));
      case "storage_gb" -> quantity = BigDecimal.valueOf(1 + random.nextInt(500_000), 3);
      case "compute_minutes" -> quantity = BigDecimal.valueOf(1 + random.nextInt(6_000), 2);
      case "payments" -> {
        quantity = BigDecimal.ONE;
        value = BigDecimal.valueOf(500 + random.nextInt(50_000), 2);
      }
      case "data_transfer_gb" -> {
        quantity = BigDecimal.valueOf(1 + random.nextInt(10_000), 3);
        attributes.put(
            "region", TrafficGenerator.REGIONS[random.nextInt(TrafficGenerator.REGIONS.length)]);
      }
      case "sms" -> quantity = BigDecimal.valueOf(1 + random.nextInt(20));
      default -> {
        quantity = BigDecimal.ONE;
        attributes.put("user_id", "u" + random.nextInt(400));
      }
    }
    return ActivityEvent.newBuilder()
        .setEventId("soak-" + sequence + "-" + Long.toHexString(random.nextLong()))
        .setAccountId(account)
        .setMeter(meter)
        .setQuantity(quantity.setScale(6, RoundingMode.UNNECESSARY))
        .setEventTime(at)
        .setAttributes(attributes)
        .setValue(value == null ? null : value.setScale(6, RoundingMode.UNNECESSARY))
        .setUnitPrice(null)
        .setSource("soak-generator")
        .build();
  }

  public List<AccountProfile> accounts() {
    return accounts;
  }

  public List<BalanceCommand> commands() {
    return commands;
  }

  public List<Record> events() {
    return events;
  }

  /**
   * Events by kind: valid, duplicate event id, malformed bytes, unknown account, negative quantity,
   * unknown meter.
   */
  public Map<String, Integer> inputsByKind() {
    return inputsByKind;
  }
}

package io.rateflow.cli.demo;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic demo traffic for the catalogue in {@code pricing-rules/examples}: a mix
 * of accounts (currencies, segments, time zones, a few suspended or closed) and of meters, with a
 * small share of the bad input real producers send: garbage bytes, unknown accounts and meters,
 * negative quantities, clocks in the future, and retries that repeat an event id.
 */
public final class TrafficGenerator {
  /** One record for the events topic: its key and value bytes. */
  public record Record(String key, byte[] value) {}

  /** The catalogue's meters, weighted by how often the demo (and the soak) use each. */
  public static final String[] METERS = {
    "api_calls",
    "api_calls",
    "api_calls",
    "storage_gb",
    "compute_minutes",
    "compute_minutes",
    "payments",
    "data_transfer_gb",
    "sms",
    "active_users"
  };

  /** The regions the catalogue's dimensions price. */
  public static final String[] REGIONS = {"eu", "us", "apac", "latam"};

  private static final String[] ZONES = {
    "America/New_York", "Europe/Berlin", "Asia/Tokyo", "UTC", "America/Los_Angeles"
  };

  private final SplittableRandom random;
  private final int accounts;
  private final Instant now;

  /**
   * Where the bad-on-purpose future clocks start: see {@link #TrafficGenerator(long, int,
   * Instant)}.
   */
  private final Instant future;

  private final AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
  private final List<ActivityEvent> recent = new ArrayList<>();
  private final Map<String, Integer> badByKind = new HashMap<>();
  private long sequence;

  /**
   * The traffic of {@code seed} around {@code now} (the demo's {@code --start}): event times,
   * accounts, quantities and ids are determined by the two. Only the records with a clock in the
   * future are placed after the later of {@code now} and the real clock, so that they are rejected
   * as {@code FAR_FUTURE} in every run, also one with a {@code --start} in the past; otherwise they
   * would be charged and two runs' amounts would depend on the day they ran.
   */
  public TrafficGenerator(long seed, int accounts, Instant now) {
    this.random = new SplittableRandom(seed);
    this.accounts = accounts;
    this.now = now.truncatedTo(ChronoUnit.MILLIS);
    Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    this.future = this.now.isAfter(clock) ? this.now : clock;
  }

  public static String accountId(int i) {
    return String.format("acct-%06d", i);
  }

  /** The account profiles: 60% USD, 25% EUR, 15% JPY; about 1.5% not active. */
  public List<AccountProfile> accounts() {
    List<AccountProfile> list = new ArrayList<>(accounts);
    SplittableRandom r = new SplittableRandom(random.nextLong());
    for (int i = 1; i <= accounts; i++) {
      int c = r.nextInt(100);
      String currency = c < 60 ? "USD" : c < 85 ? "EUR" : "JPY";
      int s = r.nextInt(100);
      String segment =
          currency.equals("USD") && s < 20
              ? "enterprise"
              : currency.equals("USD") && s < 50 ? "startup" : "smb";
      int st = r.nextInt(1000);
      AccountStatus status =
          st < 10 ? AccountStatus.SUSPENDED : st < 15 ? AccountStatus.CLOSED : AccountStatus.ACTIVE;
      boolean prepaid = currency.equals("EUR") && s < 30;
      list.add(
          AccountProfile.newBuilder()
              .setAccountId(accountId(i))
              .setPlan(
                  prepaid
                      ? "prepaid"
                      : segment.equals("enterprise") ? "enterprise" : s < 50 ? "growth" : "payg")
              .setSegment(segment)
              .setCurrency(currency)
              .setStatus(status)
              .setTimeZone(
                  currency.equals("JPY")
                      ? "Asia/Tokyo"
                      : currency.equals("EUR") ? "Europe/Berlin" : ZONES[r.nextInt(ZONES.length)])
              .setGlCustomerCode("C" + (100000 + i))
              .setLegalEntity(
                  currency.equals("USD") ? "RF-US" : currency.equals("EUR") ? "RF-DE" : "RF-JP")
              .setRegion(REGIONS[r.nextInt(REGIONS.length)])
              .setPrepaidOnly(prepaid)
              .setCreditLimitMinor(0L)
              .setEffectiveTime(Instant.parse("2026-01-01T00:00:00Z"))
              .build());
    }
    return list;
  }

  /**
   * The balance commands of the demo's accounts: prepaid accounts start with 20.00 of credit,
   * growth plans include 600 compute minutes a month, and every 20th USD account has 5.00 of
   * goodwill credit that lapses 25 s after the demo starts (so the run shows an expiry).
   */
  public List<BalanceCommand> commands(List<AccountProfile> profiles) {
    List<BalanceCommand> out = new ArrayList<>();
    int usd = 0;
    for (AccountProfile p : profiles) {
      String id = p.getAccountId();
      if (p.getPrepaidOnly()) {
        out.add(
            command("topup-init-" + id, id, BalanceCommandType.TOP_UP, 2000, p.getCurrency())
                .build());
      }
      if (p.getPlan().equals("growth")) {
        out.add(
            command("allowance-" + id, id, BalanceCommandType.GRANT, 0, "")
                .setGrantKind(BalanceGrantKind.ALLOWANCE)
                .setMeter("compute_minutes")
                .setUnits("600")
                .setSource("plan:growth")
                .build());
      }
      if (p.getCurrency().equals("USD") && usd++ % 20 == 0) {
        out.add(
            command("goodwill-" + id, id, BalanceCommandType.GRANT, 500, "USD")
                .setGrantKind(BalanceGrantKind.PROMOTIONAL)
                .setPriority(10)
                .setExpiry(now.plusSeconds(25))
                .setSource("goodwill")
                .build());
      }
    }
    return out;
  }

  /** A top-up as a customer makes it. */
  public BalanceCommand topUp(String commandId, String account, long amountMinor, String currency) {
    return command(commandId, account, BalanceCommandType.TOP_UP, amountMinor, currency).build();
  }

  private BalanceCommand.Builder command(
      String id, String account, BalanceCommandType type, long amount, String currency) {
    return BalanceCommand.newBuilder()
        .setCommandId(id)
        .setAccountId(account)
        .setType(type)
        .setAmountMinor(amount)
        .setCurrency(currency)
        .setIssuedAt(now)
        .setSource("demo");
  }

  /** The next record: about 1.2% of them are bad in one of six ways. */
  public Record next() {
    int bad = random.nextInt(1000);
    if (bad < 2) {
      count("malformed bytes");
      byte[] junk = new byte[1 + random.nextInt(40)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) random.nextInt(256);
      }
      return new Record(null, junk);
    }
    if (bad < 4 && !recent.isEmpty()) {
      count("retried event id");
      ActivityEvent again = recent.get(random.nextInt(recent.size()));
      return new Record(again.getAccountId(), codec.encode(again));
    }
    // Traffic is skewed as in real life: a few large accounts send much of it.
    double u = random.nextDouble();
    ActivityEvent e = event(accountId(1 + (int) (accounts * u * u * u)));
    if (bad < 6) {
      count("unknown account");
      e.setAccountId("acct-unknown-" + random.nextInt(50));
    } else if (bad < 8) {
      count("negative quantity");
      e.setQuantity(e.getQuantity().negate().subtract(BigDecimal.ONE).setScale(6));
    } else if (bad < 10) {
      count("timestamp in the future");
      e.setEventTime(future.plus(2 + random.nextInt(30), ChronoUnit.DAYS));
    } else if (bad < 12) {
      count("unknown meter");
      e.setMeter("teleport_minutes");
    } else if (recent.size() < 1000) {
      recent.add(e);
    } else {
      recent.set(random.nextInt(1000), e);
    }
    return new Record(e.getAccountId(), codec.encode(e));
  }

  /** How many bad records of each kind were generated so far. */
  public Map<String, Integer> badByKind() {
    return Map.copyOf(badByKind);
  }

  private void count(String kind) {
    badByKind.merge(kind, 1, Integer::sum);
  }

  private ActivityEvent event(String account) {
    String meter = METERS[random.nextInt(METERS.length)];
    Map<String, String> attributes = new HashMap<>();
    BigDecimal quantity;
    BigDecimal value = null;
    switch (meter) {
      case "api_calls" -> quantity = BigDecimal.valueOf(1 + random.nextInt(2_000));
      case "storage_gb" -> quantity = decimal(1 + random.nextInt(500_000), 3);
      case "compute_minutes" -> quantity = decimal(1 + random.nextInt(6_000), 2);
      case "payments" -> {
        quantity = BigDecimal.ONE;
        value = decimal(500 + random.nextInt(50_000), 2);
      }
      case "data_transfer_gb" -> {
        quantity = decimal(1 + random.nextInt(10_000), 3);
        attributes.put("region", REGIONS[random.nextInt(REGIONS.length)]);
      }
      case "sms" -> quantity = BigDecimal.valueOf(1 + random.nextInt(20));
      default -> {
        quantity = BigDecimal.ONE;
        attributes.put("user_id", "u" + random.nextInt(400));
      }
    }
    // Usage of the last six hours, in small out-of-order bursts as real collectors send it.
    Instant at = now.minusMillis(6 * 3600_000L).plusMillis(sequence * 50 + random.nextInt(2_000));
    if (at.isAfter(now)) {
      at = now.minusMillis(random.nextInt(60_000));
    }
    sequence++;
    return ActivityEvent.newBuilder()
        .setEventId("evt-" + Long.toHexString(random.nextLong()))
        .setAccountId(account)
        .setMeter(meter)
        .setQuantity(quantity.setScale(6, RoundingMode.UNNECESSARY))
        .setEventTime(at)
        .setAttributes(attributes)
        .setValue(value == null ? null : value.setScale(6, RoundingMode.UNNECESSARY))
        .setUnitPrice(null)
        .setSource("demo-generator")
        .build();
  }

  private static BigDecimal decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale);
  }
}

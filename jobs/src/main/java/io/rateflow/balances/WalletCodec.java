package io.rateflow.balances;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * A compact, versioned binary form of a {@link Wallet}, for the operator's per-account state (wrap
 * it in a Flink {@code TypeSerializer}) and to keep the state-size promise testable. Integers are
 * zig-zag varints, so small amounts and counters take one or two bytes; a typical account is a few
 * hundred bytes.
 *
 * <p>Changing the layout means a new {@link #VERSION} and a branch in {@link #decode} that still
 * reads the old one: checkpoints and savepoints outlive deployments.
 */
public final class WalletCodec {
  public static final int VERSION = 1;

  private WalletCodec() {}

  /** The wallet as bytes. */
  public static byte[] encode(Wallet w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(w.accountId());
      out.writeUTF(w.currency().getCurrencyCode());
      out.writeByte(w.mode().ordinal());
      out.writeUTF(w.burnOrder().toString());
      varLong(out, w.creditLimitMinor());
      varLong(out, w.overdraftMinor());
      varLong(out, w.lastTopUpMinor());
      varLong(out, w.grants().size());
      for (BalanceGrant g : w.grants()) {
        grant(out, g);
      }
      AppliedCommands a = w.applied();
      varLong(out, a.capacity());
      varLong(out, a.horizon().getSeconds());
      instant(out, a.floor());
      varLong(out, a.entries().size());
      for (AppliedCommands.Entry e : a.entries()) {
        out.writeUTF(e.commandId());
        instant(out, e.at());
      }
      varLong(out, w.spend().newestDay());
      for (long b : w.spend().buckets()) {
        varLong(out, b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The wallet from bytes written by {@link #encode} (this or an earlier version). */
  public static Wallet decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "wallet state version "
                + version
                + " is not supported by this"
                + " build (reads "
                + VERSION
                + "); restore with a build that knows it");
      }
      String account = in.readUTF();
      Currency currency = Currency.getInstance(in.readUTF());
      AccountMode mode = AccountMode.values()[in.readByte()];
      BurnOrder order = BurnOrder.parse(in.readUTF());
      long limit = varLong(in);
      long overdraft = varLong(in);
      long lastTopUp = varLong(in);
      int n = (int) varLong(in);
      List<BalanceGrant> grants = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        grants.add(grant(in));
      }
      int capacity = (int) varLong(in);
      Duration horizon = Duration.ofSeconds(varLong(in));
      Instant floor = instant(in);
      int m = (int) varLong(in);
      List<AppliedCommands.Entry> entries = new ArrayList<>(m);
      for (int i = 0; i < m; i++) {
        entries.add(new AppliedCommands.Entry(in.readUTF(), instant(in)));
      }
      long newestDay = varLong(in);
      long[] buckets = new long[SpendWindow.DAYS];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = varLong(in);
      }
      return new Wallet(
          account,
          currency,
          mode,
          order,
          limit,
          overdraft,
          lastTopUp,
          grants,
          new AppliedCommands(entries, floor, capacity, horizon),
          SpendWindow.of(newestDay, buckets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void grant(DataOutput out, BalanceGrant g) throws IOException {
    out.writeByte(g.kind().ordinal());
    out.writeUTF(g.id());
    varLong(out, g.priority());
    instant(out, g.effectiveFrom());
    nullableInstant(out, g.expiry());
    instant(out, g.created());
    out.writeUTF(g.source());
    if (g instanceof MoneyGrant m) {
      varLong(out, m.amountMinor());
      varLong(out, m.remainingMinor());
    } else {
      Allowance a = (Allowance) g;
      out.writeUTF(a.meter());
      decimal(out, a.units());
      instant(out, a.cycle().anchor());
      out.writeUTF(a.cycle().every().toString());
      out.writeUTF(a.cycle().zone().getId());
      instant(out, a.periodStart());
      decimal(out, a.used());
      decimal(out, a.previousUsed());
    }
  }

  private static BalanceGrant grant(DataInput in) throws IOException {
    GrantKind kind = GrantKind.values()[in.readByte()];
    String id = in.readUTF();
    int priority = (int) varLong(in);
    Instant from = instant(in);
    Instant expiry = nullableInstant(in);
    Instant created = instant(in);
    String source = in.readUTF();
    if (kind != GrantKind.ALLOWANCE) {
      return new MoneyGrant(
          id, kind, varLong(in), varLong(in), priority, from, expiry, created, source);
    }
    String meter = in.readUTF();
    BigDecimal units = decimal(in);
    BillingCycle cycle =
        new BillingCycle(instant(in), Period.parse(in.readUTF()), ZoneId.of(in.readUTF()));
    return new Allowance(
        id,
        meter,
        units,
        priority,
        from,
        expiry,
        created,
        source,
        cycle,
        instant(in),
        decimal(in),
        decimal(in));
  }

  private static void instant(DataOutput out, Instant t) throws IOException {
    varLong(out, t.getEpochSecond());
    varLong(out, t.getNano());
  }

  private static Instant instant(DataInput in) throws IOException {
    return Instant.ofEpochSecond(varLong(in), varLong(in));
  }

  private static void nullableInstant(DataOutput out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      instant(out, t);
    }
  }

  private static Instant nullableInstant(DataInput in) throws IOException {
    return in.readBoolean() ? instant(in) : null;
  }

  private static void decimal(DataOutput out, BigDecimal d) throws IOException {
    varLong(out, d.scale());
    byte[] unscaled = d.unscaledValue().toByteArray();
    varLong(out, unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal decimal(DataInput in) throws IOException {
    int scale = (int) varLong(in);
    byte[] unscaled = new byte[(int) varLong(in)];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static void varLong(DataOutput out, long v) throws IOException {
    long z = (v << 1) ^ (v >> 63); // zig-zag: small negatives stay small
    while ((z & ~0x7FL) != 0) {
      out.writeByte((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.writeByte((int) z);
  }

  private static long varLong(DataInput in) throws IOException {
    long z = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (z >>> 1) ^ -(z & 1);
      }
    }
    throw new IOException("malformed varint in wallet state");
  }
}

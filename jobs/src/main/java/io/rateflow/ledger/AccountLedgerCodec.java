package io.rateflow.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

/**
 * The bytes of an {@link AccountLedger} in keyed state: small and quick, because there is one per
 * account and the account operator reads and writes it per charge.
 *
 * <p>Format 1: a format byte; the settings (allowed lateness as a varint of millis, a flags byte: 1
 * detail entries, 2 a watermark follows); the highest watermark seen (zig-zag varint); the account
 * id; the days. Per day: legal entity, product and currency; the posting day (zig-zag varint of the
 * epoch day); its close as the zone's offset from the UTC day end (small); charges summed; exports;
 * chart id and version; the lines: role ordinal, GL account, customer, region and the zig-zag net
 * debit. Numbers are LEB128 varints. Every string is written once, where it is first used, and
 * named by its index afterwards (a ref: 0 null, 1 a new string follows, n ≥ 2 the (n-2)th string),
 * so a day of one product with two lines takes about 30 bytes plus its new strings. Adding a field
 * means a new format byte; {@link #decode} must keep reading format 1. New posting roles are
 * appended to {@link PostingRole}, so a role's code never changes and older state still decodes.
 */
final class AccountLedgerCodec {

  static final int FORMAT = 1;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final PostingRole[] ROLES = PostingRole.values();

  private AccountLedgerCodec() {}

  static byte[] encode(AccountLedger ledger) {
    List<LedgerDay> days = ledger.days();
    Writer out = new Writer(32 + 64 * days.size());
    LedgerSettings s = ledger.settings();
    out.varint(FORMAT);
    out.varint(s.allowedLatenessMillis());
    boolean hasWatermark = ledger.watermark() != Long.MIN_VALUE;
    out.varint((s.detailEntries() ? 1 : 0) | (hasWatermark ? 2 : 0));
    if (hasWatermark) {
      out.zigzag(ledger.watermark());
    }
    out.text(ledger.accountId());
    out.varint(days.size());
    for (LedgerDay d : days) {
      SummaryKey k = d.key;
      out.text(k.legalEntity());
      out.text(k.product());
      out.text(k.currency().getCurrencyCode());
      long epochDay = k.postingDate().toEpochDay();
      out.zigzag(epochDay);
      out.zigzag(d.closesAt - ((epochDay + 1) * DAY_MILLIS - 1));
      out.varint(d.summed);
      out.varint(d.exports);
      out.text(d.chartId);
      out.zigzag(d.chartVersion);
      out.varint(d.totals.size());
      d.totals.forEach(
          (role, gl, dims, net) -> {
            out.varint(role.ordinal());
            out.text(gl);
            out.text(dims.customer());
            out.text(dims.region());
            out.zigzag(net);
          });
    }
    return Arrays.copyOf(out.buf, out.size);
  }

  /**
   * @param settings the settings to apply, or null for those stored
   * @throws IllegalArgumentException for bytes that are not a ledger of a known format
   */
  static AccountLedger decode(byte[] bytes, LedgerSettings settings) {
    Reader in = new Reader(bytes);
    int format = in.int32();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown account ledger format " + format);
    }
    long lateness = in.varint();
    int flags = in.int32();
    if (flags > 3) {
      throw new IllegalArgumentException("unknown account ledger flags " + flags);
    }
    LedgerSettings stored = new LedgerSettings(lateness, (flags & 1) != 0);
    long watermark = (flags & 2) != 0 ? in.zigzag() : Long.MIN_VALUE;
    String accountId = in.text();
    int dayCount = in.count();
    List<LedgerDay> days = new ArrayList<>(Math.max(dayCount, 2));
    for (int i = 0; i < dayCount; i++) {
      String le = in.required();
      String product = in.required();
      Currency currency = Currency.getInstance(in.required());
      long epochDay = in.zigzag();
      long closesAt = (epochDay + 1) * DAY_MILLIS - 1 + in.zigzag();
      int summed = in.int32();
      int exports = in.int32();
      String chartId = in.required();
      long chartVersion = in.zigzag();
      LineTotals totals = new LineTotals();
      int lineCount = in.count();
      for (int l = 0; l < lineCount; l++) {
        int role = in.int32();
        if (role >= ROLES.length) {
          throw new IllegalArgumentException("unknown posting role " + role + " in account ledger");
        }
        String gl = in.required();
        String customer = in.required();
        String region = in.required();
        totals.add(ROLES[role], gl, new Dimensions(le, customer, product, region), in.zigzag());
      }
      SummaryKey key =
          new SummaryKey(le, accountId, product, LocalDate.ofEpochDay(epochDay), currency);
      days.add(new LedgerDay(key, closesAt, totals, summed, chartId, chartVersion, exports));
    }
    if (in.pos != bytes.length) {
      throw new IllegalArgumentException(
          "account ledger has " + (bytes.length - in.pos) + " trailing bytes");
    }
    return new AccountLedger(settings != null ? settings : stored, accountId, days, watermark);
  }

  private static final class Writer {
    byte[] buf;
    int size;

    /** The strings written so far, by index; a handful per account, so a scan beats a map. */
    private String[] strings = new String[16];

    private int stringCount;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    void varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void zigzag(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    /** A string: a ref to one written before, or 1 and the string (UTF-8, varint length). */
    void text(String text) {
      if (text == null) {
        varint(0);
        return;
      }
      for (int i = 0; i < stringCount; i++) {
        String known = strings[i];
        if (known == text || known.equals(text)) {
          varint(i + 2L);
          return;
        }
      }
      if (stringCount == strings.length) {
        strings = Arrays.copyOf(strings, stringCount * 2);
      }
      strings[stringCount++] = text;
      varint(1);
      int length = text.length();
      if (isAscii(text)) {
        // the usual case (ids, codes): one byte per char, no encoder
        varint(length);
        ensure(length);
        for (int i = 0; i < length; i++) {
          buf[size++] = (byte) text.charAt(i);
        }
      } else {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, size, utf8.length);
        size += utf8.length;
      }
    }

    private static boolean isAscii(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    int pos;
    private String[] strings = new String[16];
    private int stringCount;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= bytes.length) {
          throw new IllegalArgumentException("account ledger bytes end inside a number");
        }
        byte b = bytes[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("account ledger number longer than 10 bytes");
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    int int32() {
      long v = varint();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("account ledger count out of range: " + v);
      }
      return (int) v;
    }

    /** A count of things that each take at least a byte: never more than the bytes left. */
    int count() {
      int n = int32();
      if (n > bytes.length - pos) {
        throw new IllegalArgumentException(
            "account ledger claims " + n + " items in " + (bytes.length - pos) + " bytes");
      }
      return n;
    }

    /** A string that must be there. */
    String required() {
      String s = text();
      if (s == null) {
        throw new IllegalArgumentException("account ledger lacks a string it needs at byte " + pos);
      }
      return s;
    }

    String text() {
      int ref = int32();
      if (ref == 0) {
        return null;
      }
      if (ref >= 2) {
        if (ref - 2 >= stringCount) {
          throw new IllegalArgumentException(
              "account ledger names string " + (ref - 2) + " of " + stringCount);
        }
        return strings[ref - 2];
      }
      int length = count();
      boolean ascii = true;
      for (int i = pos; i < pos + length; i++) {
        ascii &= bytes[i] >= 0;
      }
      // ASCII bytes are the same in Latin-1, whose decoding is a copy
      String s =
          new String(
              bytes, pos, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      pos += length;
      if (stringCount == strings.length) {
        strings = Arrays.copyOf(strings, stringCount * 2);
      }
      strings[stringCount++] = s;
      return s;
    }
  }
}

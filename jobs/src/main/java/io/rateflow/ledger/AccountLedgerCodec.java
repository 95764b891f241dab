package io.rateflow.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of an {@link AccountLedger} in keyed state: small because there is one per account.
 *
 * <p>Format 1: a format byte; the settings (allowed lateness as a varint of millis, a flags byte);
 * a string table (every account id, code and GL account once, UTF-8 with a varint length); then the
 * account id and the days, each naming strings by their index. Per day: legal entity, product and
 * currency refs, the posting day (zig-zag varint of the epoch day), its close as the zone's offset
 * from the UTC day end (small), charges summed, exports, chart id ref and version, and the lines:
 * role ordinal, GL account, customer and region refs and the zig-zag net debit. Numbers are LEB128
 * varints, so a day of one product with two lines takes about 30 bytes plus its new strings.
 * Adding a field means a new format byte; {@link #decode} must keep reading format 1.
 */
final class AccountLedgerCodec {

    static final int FORMAT = 1;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final PostingRole[] ROLES = PostingRole.values();

    private AccountLedgerCodec() {}

    static byte[] encode(AccountLedger ledger) {
        Writer body = new Writer(64 + 48 * ledger.days().size());
        Map<String, Integer> refs = new HashMap<>();
        List<String> table = new ArrayList<>();
        body.ref(ledger.accountId(), refs, table);
        body.varint(ledger.days().size());
        for (LedgerDay d : ledger.days()) {
            SummaryKey k = d.key;
            body.ref(k.legalEntity(), refs, table);
            body.ref(k.product(), refs, table);
            body.ref(k.currency().getCurrencyCode(), refs, table);
            long epochDay = k.postingDate().toEpochDay();
            body.zigzag(epochDay);
            body.zigzag(d.closesAt - ((epochDay + 1) * DAY_MILLIS - 1));
            body.varint(d.summed);
            body.varint(d.exports);
            body.ref(d.chartId, refs, table);
            body.zigzag(d.chartVersion);
            List<JournalLine> lines = d.totals.toLines();
            body.varint(lines.size());
            for (JournalLine line : lines) {
                body.varint(line.role().ordinal());
                body.ref(line.glAccount(), refs, table);
                body.ref(line.dimensions().customer(), refs, table);
                body.ref(line.dimensions().region(), refs, table);
                body.zigzag(line.netDebitMinor());
            }
        }
        LedgerSettings s = ledger.settings();
        Writer out = new Writer(body.size + 16 + 12 * table.size());
        out.varint(FORMAT);
        out.varint(s.allowedLatenessMillis());
        out.varint(s.detailEntries() ? 1 : 0);
        out.varint(table.size());
        for (String text : table) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.varint(utf8.length);
            out.bytes(utf8, utf8.length);
        }
        out.bytes(body.buf, body.size);
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
        LedgerSettings stored = new LedgerSettings(in.varint(), in.int32() == 1);
        String[] table = new String[in.count()];
        for (int i = 0; i < table.length; i++) {
            table[i] = in.text();
        }
        String accountId = in.ref(table);
        int dayCount = in.count();
        List<LedgerDay> days = new ArrayList<>(Math.max(dayCount, 2));
        for (int i = 0; i < dayCount; i++) {
            String le = in.ref(table);
            String product = in.ref(table);
            Currency currency = Currency.getInstance(in.ref(table));
            long epochDay = in.zigzag();
            long closesAt = (epochDay + 1) * DAY_MILLIS - 1 + in.zigzag();
            int summed = in.int32();
            int exports = in.int32();
            String chartId = in.ref(table);
            long chartVersion = in.zigzag();
            LineTotals totals = new LineTotals();
            int lineCount = in.count();
            for (int l = 0; l < lineCount; l++) {
                int role = in.int32();
                if (role >= ROLES.length) {
                    throw new IllegalArgumentException("unknown posting role " + role + " in account ledger");
                }
                String gl = in.ref(table);
                String customer = in.ref(table);
                String region = in.ref(table);
                totals.add(ROLES[role], gl, new Dimensions(le, customer, product, region), in.zigzag());
            }
            SummaryKey key = new SummaryKey(le, accountId, product, LocalDate.ofEpochDay(epochDay), currency);
            days.add(new LedgerDay(key, closesAt, totals, summed, chartId, chartVersion, exports));
        }
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException("account ledger has " + (bytes.length - in.pos) + " trailing bytes");
        }
        return new AccountLedger(settings != null ? settings : stored, accountId, days);
    }

    private static final class Writer {
        byte[] buf;
        int size;

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

        /** A string as its index in the table (+1, so 0 is null), added on first use. */
        void ref(String text, Map<String, Integer> refs, List<String> table) {
            if (text == null) {
                varint(0);
                return;
            }
            Integer ref = refs.get(text);
            if (ref == null) {
                ref = table.size();
                refs.put(text, ref);
                table.add(text);
            }
            varint(ref + 1L);
        }

        void bytes(byte[] b, int length) {
            ensure(length);
            System.arraycopy(b, 0, buf, size, length);
            size += length;
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
                throw new IllegalArgumentException("account ledger claims " + n + " items in " + (bytes.length - pos)
                        + " bytes");
            }
            return n;
        }

        String text() {
            int length = count();
            String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        String ref(String[] table) {
            int ref = int32();
            if (ref > table.length) {
                throw new IllegalArgumentException("account ledger string " + ref + " of " + table.length);
            }
            return ref == 0 ? null : table[ref - 1];
        }
    }
}

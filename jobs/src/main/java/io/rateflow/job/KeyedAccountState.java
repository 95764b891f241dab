package io.rateflow.job;

import io.rateflow.account.AccountEngine;
import io.rateflow.account.AccountState;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.UsageState;
import io.rateflow.balances.Wallet;
import io.rateflow.balances.WalletCodec;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * An account's state in Flink keyed state, for the {@link AccountEngine}: bound to the account
 * whose key the backend is on ({@link #bind}), with a write-through cache of recently used
 * accounts' hot state (profile, wallet, period aggregates, trigger latches, meters used), so the
 * hot path reads RocksDB and decodes only on a miss. Every write still goes to the state, which
 * stays the only thing checkpointed: safe because every write goes through this instance, which
 * owns the key; a restore or rescale starts with an empty cache.
 */
final class KeyedAccountState implements AccountState {
  private static final int ACCOUNT_CACHE_SIZE = 20_000;

  /** Period aggregates kept per cached account: a handful of meters in one or two periods. */
  private static final int USAGE_CACHE_PER_ACCOUNT = 16;

  /** Minimum spends kept per cached account: the current period and one closing late. */
  private static final int SPEND_CACHE_PER_ACCOUNT = 4;

  private final ValueState<AccountProfile> profile;

  /** The event ids rated, as fingerprints in time buckets ({@link SeenEventIds}). */
  private final ListState<Long> seenIds;

  /**
   * The 0.1 release's memory of event ids (full ids, with a TTL): moved into {@link #seenIds} when
   * met.
   */
  private final MapState<String, Boolean> legacySeen;

  private final long bucketMillis;

  /**
   * Until when the 0.1 memory may still hold an unexpired id: the window from this instance's
   * start.
   */
  private final long legacyUntil;

  /** Processing time, as the state TTL reads it; a test sets its own. */
  private final LongSupplier clock;

  /**
   * The fingerprint of the event id asked last: {@link #seen} and {@link #markSeen} come in pairs.
   */
  private String lastEventId;

  private long lastFingerprint;
  private final MapState<String, UsageState> usage;
  private final ValueState<byte[]> wallet;
  private final MapState<String, String> triggerLatches;
  private final MapState<String, Boolean> metersUsed;

  /**
   * The period aggregates' TTL: a cached aggregate older than this counts as gone, as in the state.
   */
  private final long usageTtlMillis;

  private final Map<String, Account> accounts =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
          return size() > ACCOUNT_CACHE_SIZE;
        }
      };

  /** The account the backend is on; set by {@link #bind}. */
  private String accountId;

  /**
   * Its cache entry, looked up once per input in {@link #bind} (null: not cached yet): an input
   * reads and writes several parts of the state, and each lookup in a large cache is a memory miss.
   */
  private Account bound;

  /** What the cache knows of one account. */
  private static final class Account {
    private AccountProfile profile;
    private AccountContext context;

    /** null: not known yet. */
    private Boolean hasWallet;

    /** The stored wallet, decoded; null: not decoded yet (or none, see hasWallet). */
    private Wallet wallet;

    /** Period aggregates by usage key, as stored, with when they were written. */
    private final Map<String, CachedAggregate> usage = new HashMap<>(4);

    /** Minimum spends by usage key, as stored, with when they were written; most accounts none. */
    private final Map<String, CachedSpend> spends = new HashMap<>(2);

    /** The trigger latches as stored; null: not read yet. */
    private Map<String, String> latches;

    /** Meters known to be in the meters-used state (only positives are cached). */
    private final Set<String> metersUsed = new HashSet<>(4);

    /** The remembered event ids as stored; null: not read yet. */
    private SeenEventIds seen;

    void profile(AccountProfile p) {
      profile = p;
      context = AccountEngine.accountContext(p);
    }
  }

  /**
   * A period aggregate as written to the state, and when: past the state's TTL it counts as gone.
   */
  private record CachedAggregate(MeterAggregate aggregate, long writtenAt) {}

  /** A minimum's spend as written to the state, and when. */
  private record CachedSpend(PeriodSpend spend, long writtenAt) {}

  KeyedAccountState(RuntimeContext rc, RatingConfig config) {
    this(rc, config, System::currentTimeMillis);
  }

  KeyedAccountState(RuntimeContext rc, RatingConfig config, LongSupplier clock) {
    this.clock = clock;
    profile = rc.getState(new ValueStateDescriptor<>("profile", RatingTypes.ACCOUNT_PROFILE));

    // Fingerprints, 8 bytes an id, expired by bucket: no TTL time stamp per id.
    seenIds = rc.getListState(new ListStateDescriptor<>("seen-ids", Types.LONG));
    bucketMillis = SeenEventIds.bucketMillis(config.dedupWindow().toMillis());
    MapStateDescriptor<String, Boolean> legacyDesc =
        new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
    legacyDesc.enableTimeToLive(ttl(config.dedupWindow()));
    legacySeen = rc.getMapState(legacyDesc);
    legacyUntil = clock.getAsLong() + config.dedupWindow().toMillis();

    // A period's aggregate is needed until the period is over plus the allowed lateness; the
    // longest period is a calendar month.
    Duration usageTtl = Duration.ofDays(32).plus(config.allowedLateness());
    MapStateDescriptor<String, UsageState> usageDesc =
        new MapStateDescriptor<>("usage", Types.STRING, RatingTypes.USAGE_STATE);
    usageDesc.enableTimeToLive(ttl(usageTtl));
    usageTtlMillis = usageTtl.toMillis();
    usage = rc.getMapState(usageDesc);

    // The wallet in its own compact, versioned encoding: a few hundred bytes for a typical account.
    wallet =
        rc.getState(
            new ValueStateDescriptor<>(
                "wallet", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    triggerLatches =
        rc.getMapState(new MapStateDescriptor<>("trigger-latches", Types.STRING, Types.STRING));
    metersUsed =
        rc.getMapState(new MapStateDescriptor<>("meters-used", Types.STRING, Types.BOOLEAN));
  }

  private static StateTtlConfig ttl(Duration d) {
    return StateTtlConfig.newBuilder(d)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  /** Binds this view to the account whose key the state backend is on now. */
  KeyedAccountState bind(String accountId) {
    this.accountId = accountId;
    this.bound = accounts.get(accountId);
    return this;
  }

  @Override
  public AccountProfile profile() throws Exception {
    Account a = bound;
    if (a != null && a.profile != null) {
      return a.profile;
    }
    AccountProfile p = profile.value();
    if (p != null) {
      cached().profile(p);
    }
    return p;
  }

  @Override
  public AccountContext context() throws Exception {
    return profile() == null ? null : cached().context;
  }

  @Override
  public void storeProfile(AccountProfile p) throws Exception {
    profile.update(p);
    // a copy: the input record is Flink's, not ours to keep
    cached().profile(AccountProfile.newBuilder(p).build());
  }

  @Override
  public boolean seen(String eventId) throws Exception {
    return seenIds(cached())
        .contains(fingerprint(eventId), SeenEventIds.bucketOf(clock.getAsLong(), bucketMillis));
  }

  @Override
  public void markSeen(String eventId) throws Exception {
    Account a = cached();
    long bucket = SeenEventIds.bucketOf(clock.getAsLong(), bucketMillis);
    SeenEventIds.Write write = seenIds(a).add(fingerprint(eventId), bucket);
    if (write instanceof SeenEventIds.Append append) {
      seenIds.addAll(append.elements()); // one merge in RocksDB: no read
    } else {
      seenIds.update(((SeenEventIds.Rewrite) write).elements());
    }
  }

  private SeenEventIds seenIds(Account a) throws Exception {
    if (a.seen == null) {
      a.seen = SeenEventIds.fromStored(seenIds.get());
      if (a.seen.isEmpty() && clock.getAsLong() < legacyUntil) {
        adoptLegacy(a.seen);
      }
    }
    return a.seen;
  }

  /**
   * State restored from 0.1 holds full ids until they expire, a window at most: an account that has
   * no fingerprints yet takes them over, into the current bucket (so they are remembered up to a
   * window longer than they would have been), and its 0.1 memory is cleared.
   */
  private void adoptLegacy(SeenEventIds seen) throws Exception {
    if (legacySeen.isEmpty()) {
      return;
    }
    long bucket = SeenEventIds.bucketOf(clock.getAsLong(), bucketMillis);
    for (String id : legacySeen.keys()) {
      seen.add(SeenEventIds.fingerprintOf(id), bucket);
    }
    seenIds.update(seen.stored());
    legacySeen.clear();
  }

  private long fingerprint(String eventId) {
    if (!eventId.equals(lastEventId)) {
      lastEventId = eventId;
      lastFingerprint = SeenEventIds.fingerprintOf(eventId);
    }
    return lastFingerprint;
  }

  @Override
  public MeterAggregate aggregate(String usageKey, String period, long now) throws Exception {
    Account a = bound;
    CachedAggregate c = a == null ? null : a.usage.get(usageKey);
    if (c != null && now - c.writtenAt() < usageTtlMillis) {
      return c.aggregate();
    }
    UsageState s = usage.get(usageKey);
    return s == null ? MeterAggregate.empty(period) : UsageStates.aggregate(s);
  }

  @Override
  public void storeAggregate(String usageKey, MeterAggregate after, long now) throws Exception {
    UsageState s = UsageStates.of(after);
    usage.put(usageKey, s);
    // a timeline's instants are kept to the millisecond: cache what a restore would read
    MeterAggregate stored = after.recurring() == null ? after : UsageStates.aggregate(s);
    Map<String, CachedAggregate> cachedUsage = cached().usage;
    if (cachedUsage.size() >= USAGE_CACHE_PER_ACCOUNT && !cachedUsage.containsKey(usageKey)) {
      cachedUsage.clear(); // old periods: the state has them should a late event need one
    }
    cachedUsage.put(usageKey, new CachedAggregate(stored, now));
  }

  /**
   * A minimum's spend lives in the usage map beside the aggregates (same TTL, refreshed on every
   * write), under its own key ({@link UsageStates#spendKey}).
   */
  @Override
  public PeriodSpend spend(String period, long now) throws Exception {
    String key = UsageStates.spendKey(period);
    Account a = bound;
    CachedSpend c = a == null ? null : a.spends.get(key);
    if (c != null && now - c.writtenAt() < usageTtlMillis) {
      return c.spend();
    }
    UsageState s = usage.get(key);
    return s == null ? PeriodSpend.empty(period) : UsageStates.spend(s);
  }

  @Override
  public void storeSpend(PeriodSpend spend, long now) throws Exception {
    String key = UsageStates.spendKey(spend.period());
    usage.put(key, UsageStates.of(spend));
    Map<String, CachedSpend> cachedSpends = cached().spends;
    if (cachedSpends.size() >= SPEND_CACHE_PER_ACCOUNT && !cachedSpends.containsKey(key)) {
      cachedSpends.clear();
    }
    cachedSpends.put(key, new CachedSpend(spend, now));
  }

  @Override
  public Wallet storedWallet() throws Exception {
    Account a = bound;
    if (a != null && Boolean.FALSE.equals(a.hasWallet)) {
      return null;
    }
    if (a != null && a.wallet != null) {
      return a.wallet;
    }
    byte[] bytes = wallet.value();
    Wallet stored = bytes == null ? null : WalletCodec.decode(bytes);
    if (a != null) {
      a.hasWallet = bytes != null;
      a.wallet = stored;
    }
    return stored;
  }

  @Override
  public void storeWallet(Wallet w) throws Exception {
    wallet.update(WalletCodec.encode(w));
    Account a = cached();
    a.hasWallet = Boolean.TRUE;
    a.wallet = w;
  }

  @Override
  public Map<String, String> latches() throws Exception {
    Account a = cached();
    if (a.latches == null) {
      Map<String, String> m = new HashMap<>();
      for (Map.Entry<String, String> e : triggerLatches.entries()) {
        m.put(e.getKey(), e.getValue());
      }
      a.latches = m;
    }
    return a.latches;
  }

  @Override
  public void storeLatches(Map<String, String> latched) throws Exception {
    triggerLatches.clear();
    triggerLatches.putAll(latched);
    cached().latches = new HashMap<>(latched);
  }

  @Override
  public boolean firstUse(String meter) throws Exception {
    Account a = cached();
    if (a.metersUsed.contains(meter)) {
      return false;
    }
    boolean first = !metersUsed.contains(meter);
    if (first) {
      metersUsed.put(meter, Boolean.TRUE);
    }
    a.metersUsed.add(meter);
    return first;
  }

  /** The cache entry of the bound account, with its profile if one is known. */
  private Account cached() throws Exception {
    Account a = bound;
    if (a == null) {
      a = new Account();
      accounts.put(accountId, a);
      bound = a;
    }
    if (a.profile == null) {
      AccountProfile p = profile.value();
      if (p != null) {
        a.profile(p);
      }
    }
    return a;
  }
}

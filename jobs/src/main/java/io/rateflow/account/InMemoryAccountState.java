package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.balances.Wallet;
import io.rateflow.ids.StableIds;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One account's state in plain maps, for driving {@link AccountEngine} without Flink (the soak
 * reference, tests). Keeps everything forever: unlike the job's state it has no time-to-live, which
 * makes no difference within a de-duplication window and a billing period plus the allowed
 * lateness.
 */
public final class InMemoryAccountState implements AccountState {
  private AccountProfile profile;
  private AccountContext context;

  /**
   * Event ids as the job remembers them: 64-bit fingerprints (docs/ids.md), so both judge a
   * duplicate alike.
   */
  private final Set<Long> seen = new HashSet<>();

  private final Map<String, MeterAggregate> usage = new HashMap<>();
  private final Map<String, PeriodSpend> spends = new HashMap<>();
  private Wallet wallet;
  private Map<String, String> latches = new HashMap<>();
  private final Set<String> metersUsed = new HashSet<>();

  @Override
  public AccountProfile profile() {
    return profile;
  }

  @Override
  public AccountContext context() {
    return context;
  }

  @Override
  public void storeProfile(AccountProfile p) {
    profile = AccountProfile.newBuilder(p).build();
    context = AccountEngine.accountContext(profile);
  }

  @Override
  public boolean seen(String eventId) {
    return seen.contains(StableIds.fingerprint(eventId));
  }

  @Override
  public void markSeen(String eventId) {
    seen.add(StableIds.fingerprint(eventId));
  }

  @Override
  public MeterAggregate aggregate(String usageKey, String period, long now) {
    MeterAggregate a = usage.get(usageKey);
    return a != null ? a : MeterAggregate.empty(period);
  }

  @Override
  public void storeAggregate(String usageKey, MeterAggregate after, long now) {
    usage.put(usageKey, after);
  }

  @Override
  public PeriodSpend spend(String period, long now) {
    PeriodSpend s = spends.get(period);
    return s != null ? s : PeriodSpend.empty(period);
  }

  @Override
  public void storeSpend(PeriodSpend spend, long now) {
    spends.put(spend.period(), spend);
  }

  @Override
  public Wallet storedWallet() {
    return wallet;
  }

  @Override
  public void storeWallet(Wallet w) {
    wallet = w;
  }

  @Override
  public Map<String, String> latches() {
    return Map.copyOf(latches);
  }

  @Override
  public void storeLatches(Map<String, String> l) {
    latches = new HashMap<>(l);
  }

  @Override
  public boolean firstUse(String meter) {
    return metersUsed.add(meter);
  }
}

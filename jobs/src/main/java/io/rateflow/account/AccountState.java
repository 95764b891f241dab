package io.rateflow.account;

import io.rateflow.avro.AccountProfile;
import io.rateflow.balances.Wallet;
import io.rateflow.pricing.AccountContext;
import io.rateflow.pricing.MeterAggregate;
import io.rateflow.pricing.PeriodSpend;
import java.util.Map;

/**
 * Everything the {@link AccountEngine} keeps for one account. The streaming job implements it over
 * Flink keyed state (with a cache); {@link InMemoryAccountState} implements it with maps for the
 * soak reference and tests. Methods may throw because state backends do.
 */
public interface AccountState {

  /** The account's latest profile; null until one arrived. */
  AccountProfile profile() throws Exception;

  /**
   * The pricing view of the profile (id, plan, segment, currency, zone); null without a profile.
   */
  AccountContext context() throws Exception;

  /** Replaces the profile (the latest record wins). The caller's record is copied if kept. */
  void storeProfile(AccountProfile profile) throws Exception;

  /** Whether an event id was already rated for this account (within the de-duplication window). */
  boolean seen(String eventId) throws Exception;

  void markSeen(String eventId) throws Exception;

  /**
   * The meter's aggregate in a billing period so far ({@code usageKey} is "meter|period"); empty if
   * none.
   */
  MeterAggregate aggregate(String usageKey, String period, long now) throws Exception;

  void storeAggregate(String usageKey, MeterAggregate after, long now) throws Exception;

  /**
   * The account's spend in one period of its minimum spend; {@link PeriodSpend#empty} if none was
   * stored.
   */
  PeriodSpend spend(String period, long now) throws Exception;

  void storeSpend(PeriodSpend spend, long now) throws Exception;

  /** The stored wallet as it was stored; null when the account never had one. */
  Wallet storedWallet() throws Exception;

  void storeWallet(Wallet wallet) throws Exception;

  /** The trigger latches (condition key to period); never null. */
  Map<String, String> latches() throws Exception;

  void storeLatches(Map<String, String> latches) throws Exception;

  /** True the first time the account uses {@code meter}; remembers it. */
  boolean firstUse(String meter) throws Exception;
}

package io.rateflow.balances;

import io.rateflow.ids.StableIds;

/**
 * Ids derived only from inputs (account, cause, index), so that replaying the same inputs after a
 * failure produces the same ids and downstream consumers can de-duplicate.
 */
public final class DeterministicId {
  private DeterministicId() {}

  /**
   * The UUIDv8 of the parts, length-prefixed so that ("a|b","c") and ("a","b|c") do not collide.
   */
  public static String of(Object... parts) {
    return StableIds.of("rateflow", parts);
  }
}

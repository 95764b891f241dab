package io.rateflow.ledger;

import io.rateflow.ids.StableIds;

/**
 * Deterministic entry ids: a hash of the parts ({@link StableIds}), so the same fact (or
 * correction) always gets the same id and an ERP that de-duplicates on it makes a re-import
 * harmless. The parts are length-prefixed so {@code ("a|b", "c")} and {@code ("a", "b|c")} cannot
 * collide.
 */
public final class EntryIds {

  private EntryIds() {}

  /** The id of the entry a fact posts: from the fact's own id and the entry kind. */
  public static String forFact(String factType, String factId, EntryKind kind) {
    return of(factType, factId, kind.name());
  }

  /** The UUIDv8 of the given parts, in a fixed 36-character form ERPs accept. */
  public static String of(String... parts) {
    return StableIds.of("rateflow-ledger", (Object[]) parts);
  }
}

package io.rateflow.ledger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic entry ids: a name-based UUID of the parts, so the same fact (or correction) always
 * gets the same id and an ERP that de-duplicates on it makes a re-import harmless. The parts are
 * length-prefixed so {@code ("a|b", "c")} and {@code ("a", "b|c")} cannot collide.
 */
public final class EntryIds {

    private EntryIds() {}

    /** The id of the entry a fact posts: from the fact's own id and the entry kind. */
    public static String forFact(String factType, String factId, EntryKind kind) {
        return of(factType, factId, kind.name());
    }

    /** A name-based (version 3) UUID of the given parts, in a fixed 36-character form ERPs accept. */
    public static String of(String... parts) {
        StringBuilder name = new StringBuilder("rateflow-ledger");
        for (String part : parts) {
            name.append('|').append(part.length()).append(':').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}

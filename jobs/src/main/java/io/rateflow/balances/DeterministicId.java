package io.rateflow.balances;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived only from inputs (account, cause, index), so that replaying the same inputs after a failure
 * produces the same ids and downstream consumers can de-duplicate.
 */
public final class DeterministicId {
    private DeterministicId() {}

    /** A name-based (type 3) UUID of the parts joined with a separator that cannot be confused with content. */
    public static String of(Object... parts) {
        StringBuilder name = new StringBuilder("rateflow");
        for (Object part : parts) {
            String s = String.valueOf(part);
            // length-prefix each part: ("a|b","c") and ("a","b|c") must not collide
            name.append('|').append(s.length()).append(':').append(s);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}

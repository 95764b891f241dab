package io.rateflow.balances;

import java.util.Objects;

/**
 * Why a command was refused: a stable {@link RejectionReason} code for machines and a message for people
 * that names the account and command and says what to do.
 */
public record Rejection(RejectionReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}

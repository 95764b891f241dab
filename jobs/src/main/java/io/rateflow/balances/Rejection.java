package io.rateflow.balances;

import java.util.Objects;

/**
 * Why a command was refused: a stable {@link CommandRejectionReason} code for machines and a
 * message for people that names the account and command and says what to do.
 */
public record Rejection(CommandRejectionReason reason, String message) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}

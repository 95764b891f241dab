package io.rateflow.balances;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bounded memory of applied command ids that makes each command apply exactly once.
 *
 * <p>It keeps the ids of commands issued after {@code floor}, at most {@code capacity} of them and
 * none older than {@code horizon} before the newest. Whenever an id is forgotten the floor rises to
 * its time, and a command issued at or before the floor is rejected as stale: it might be one we
 * forgot, and refusing a very late command is recoverable (re-issue it with a new id) while
 * applying money twice is not. So the memory is bounded and still never applies a command twice.
 */
public record AppliedCommands(List<Entry> entries, Instant floor, int capacity, Duration horizon) {

  /** Redeliveries come within minutes; 8 covers a busy account's commands and keeps state small. */
  public static final int DEFAULT_CAPACITY = 8;

  /** A command re-delivered within this time of the newest one is still recognised. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(35);

  /** One remembered command. */
  public record Entry(String commandId, Instant at) {
    public Entry {
      Objects.requireNonNull(commandId, "commandId");
      Objects.requireNonNull(at, "at");
    }
  }

  public AppliedCommands {
    entries = List.copyOf(entries);
    Objects.requireNonNull(floor, "floor");
    Objects.requireNonNull(horizon, "horizon");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
  }

  /** An empty memory with the default capacity and horizon. */
  public static AppliedCommands empty() {
    return empty(DEFAULT_CAPACITY, DEFAULT_HORIZON);
  }

  /** An empty memory with the given bounds. */
  public static AppliedCommands empty(int capacity, Duration horizon) {
    return new AppliedCommands(List.of(), Instant.EPOCH, capacity, horizon);
  }

  /** Whether this command id was applied and is still remembered. */
  public boolean contains(String commandId) {
    return entries.stream().anyMatch(e -> e.commandId().equals(commandId));
  }

  /** Whether a command issued at {@code at} is too old to tell if it was applied. */
  public boolean isStale(Instant at) {
    return !at.isAfter(floor);
  }

  /** The memory after applying {@code commandId} issued at {@code at}, trimmed to its bounds. */
  public AppliedCommands record(String commandId, Instant at) {
    List<Entry> next = new ArrayList<>(entries);
    // kept sorted by time so the oldest is forgotten first
    int i = next.size();
    while (i > 0 && next.get(i - 1).at().isAfter(at)) {
      i--;
    }
    next.add(i, new Entry(commandId, at));
    Instant newest = next.get(next.size() - 1).at();
    Instant newFloor = floor;
    Instant horizonFloor = newest.minus(horizon);
    if (horizonFloor.isAfter(newFloor)) {
      newFloor = horizonFloor;
    }
    while (next.size() > capacity) {
      Instant forgotten = next.remove(0).at();
      if (forgotten.isAfter(newFloor)) {
        newFloor = forgotten;
      }
    }
    Instant cut = newFloor;
    next.removeIf(e -> !e.at().isAfter(cut));
    return new AppliedCommands(next, newFloor, capacity, horizon);
  }
}

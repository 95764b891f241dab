package io.rateflow.cli.bench;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.cli.demo.TrafficGenerator;
import io.rateflow.schema.AvroCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The demo's traffic without the bad records that wait for a timeout (unknown accounts and meters)
 * or never reach the keyed operator (garbage bytes, negative quantities, future clocks): those
 * would measure {@code pending.timeout} and the decoder's rejection path, not the rating path.
 * Retried event ids stay (rejected at once as duplicates, as in production), and so do suspended
 * and closed accounts.
 */
final class CleanTraffic {
  private final TrafficGenerator traffic;
  private final AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
  private final Instant latestAllowed;
  private long skipped;

  CleanTraffic(TrafficGenerator traffic, Instant now) {
    this.traffic = traffic;
    this.latestAllowed = now.plus(Duration.ofMinutes(5));
  }

  /** The next record that is not bad on purpose. */
  TrafficGenerator.Record next() {
    while (true) {
      TrafficGenerator.Record r = traffic.next();
      if (r.key() != null && !r.key().startsWith("acct-unknown") && valid(decode(r.value()))) {
        return r;
      }
      skipped++;
    }
  }

  /** Bad records left out so far. */
  long skipped() {
    return skipped;
  }

  private boolean valid(ActivityEvent e) {
    return e.getQuantity().signum() >= 0
        && !e.getMeter().equals("teleport_minutes")
        && !e.getEventTime().isAfter(latestAllowed);
  }

  private ActivityEvent decode(byte[] value) {
    try {
      return codec.decode(value);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the traffic generator produced an undecodable event with a key", e);
    }
  }
}

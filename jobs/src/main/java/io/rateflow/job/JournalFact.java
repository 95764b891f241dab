package io.rateflow.job;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import java.util.Objects;

/**
 * A ledger fact waiting in keyed state for a chart of accounts covering its time ({@link
 * KeyedLedger}): a charge or a balance movement (exactly one is set). A Flink POJO, so both kinds
 * are held in one list state without Kryo, and the serializer evolves with the class.
 */
public class JournalFact {
  /** The charge, or null. */
  public Charge charge;

  /** The balance movement, or null. */
  public BalanceMovementRecord movement;

  /** Processing time the fact started waiting for a chart of accounts; 0 while not held. */
  public long heldSince;

  /** For Flink's POJO serializer. */
  public JournalFact() {}

  /** A charge to post. */
  public static JournalFact of(Charge charge) {
    JournalFact f = new JournalFact();
    f.charge = Objects.requireNonNull(charge, "charge");
    return f;
  }

  /** A balance movement to post. */
  public static JournalFact of(BalanceMovementRecord movement) {
    JournalFact f = new JournalFact();
    f.movement = Objects.requireNonNull(movement, "movement");
    return f;
  }

  /** The account: the key it is held under. */
  public String accountId() {
    return charge != null ? charge.getAccountId() : movement.getAccountId();
  }

  /** Event time of the fact in epoch millis: the chart in force then posts it. */
  public long timeMillis() {
    return charge != null ? charge.getEventTime().toEpochMilli() : movement.getAt().toEpochMilli();
  }

  /** "charge ID (event E)" or "movement ID", for messages. */
  public String describe() {
    return charge != null
        ? "charge "
            + charge.getChargeId()
            + " (event "
            + charge.getEventId()
            + ", account "
            + charge.getAccountId()
            + ")"
        : "movement "
            + movement.getMovementId()
            + " ("
            + movement.getKind()
            + ", account "
            + movement.getAccountId()
            + ")";
  }
}

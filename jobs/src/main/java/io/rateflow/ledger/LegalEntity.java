package io.rateflow.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A company that keeps its own books. Its time zone decides on which day (and so in which period) a
 * fact is posted: usage at 23:30 UTC on 31 January is February business in Tokyo.
 *
 * @param code the code used in facts and on journal lines
 * @param zone the zone its books are kept in
 */
public record LegalEntity(String code, ZoneId zone) {

  public LegalEntity {
    Require.text(code, "legal entity code");
    Require.present(zone, "time zone of legal entity " + code);
  }

  /** The posting date of something that happened at {@code time}. */
  public LocalDate postingDate(Instant time) {
    return time.atZone(zone).toLocalDate();
  }
}

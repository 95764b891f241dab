package io.rateflow.job;

/**
 * A posted entry on its way to the daily summaries, with what the summary operator cannot work out
 * itself: its summary key and when its day ends in the legal entity's time zone (a Tokyo day is not a
 * UTC day, so one window size with one offset cannot serve every entity).
 */
public class SummaryInput {
  /** The summary key as its deterministic first summary id (legal entity, account, product, day, currency). */
  public String key;
  /** First instant after the posting date in the legal entity's zone, epoch millis. */
  public long dayEnd;
  /** The posted entry; never a memo. */
  public io.rateflow.avro.JournalEntry entry;

  /** For Flink's POJO serializer. */
  public SummaryInput() {}

  SummaryInput(String key, long dayEnd, io.rateflow.avro.JournalEntry entry) {
    this.key = key;
    this.dayEnd = dayEnd;
    this.entry = entry;
  }
}

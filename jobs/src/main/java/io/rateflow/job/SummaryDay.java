package io.rateflow.job;

/**
 * All a daily summary key keeps, in one state value so each posted entry costs one read and one
 * write: the running summary of the open day, the summary last exported (needed to amend it for
 * late entries) and when the day ends. A Flink POJO.
 */
public class SummaryDay {
  /** The summary of the day's entries so far; null once exported (or before the first entry). */
  public io.rateflow.avro.JournalEntry running;
  /** How many entries {@code running} sums. */
  public int summed;
  /** The summary as last exported (the original or its latest replacement); null before the day closes. */
  public io.rateflow.avro.JournalEntry exported;
  /** First instant after the day in the legal entity's zone, epoch millis. */
  public long dayEnd;

  /** For Flink's POJO serializer. */
  public SummaryDay() {}
}

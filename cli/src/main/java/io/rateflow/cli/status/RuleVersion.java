package io.rateflow.cli.status;

import java.time.Instant;

/** One version of a rule document on the rules topic, as {@code status} shows it. */
public record RuleVersion(long version, Instant effectiveFrom, String publishedBy) {}

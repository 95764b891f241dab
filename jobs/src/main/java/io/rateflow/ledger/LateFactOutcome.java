package io.rateflow.ledger;

/**
 * What to do about a late fact that touches an already exported summary: post an {@link Adjustment}
 * while the period is open, or hand a {@link CorrectionRecord} to an accountant once it is closed.
 */
public sealed interface LateFactOutcome permits Adjustment, CorrectionRecord {}

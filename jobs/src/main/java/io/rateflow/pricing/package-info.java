/**
 * Pricing: turns one usage into money, with no Flink or Avro types, so the streaming operator, the
 * batch {@code rate}/{@code simulate} path and the tests share it unchanged.
 *
 * <p>How a caller prices a usage:
 *
 * <ol>
 *   <li>{@link io.rateflow.pricing.RuleParser} turns each rule document into a validated, immutable
 *       {@link io.rateflow.pricing.RuleSet}, or a {@link
 *       io.rateflow.pricing.RuleValidationException} listing every problem as {@code file:line:
 *       reason}.
 *   <li>A {@link io.rateflow.pricing.PriceBook} holds every version and {@code select}s the one in
 *       force for an account, meter and event time.
 *   <li>{@link io.rateflow.pricing.RuleSet#periodOf} names the billing period, so the caller can
 *       fetch the account's {@link io.rateflow.pricing.MeterAggregate} of that meter and period;
 *       {@link io.rateflow.pricing.RuleSet#rate} returns the charge and the aggregate to keep.
 * </ol>
 *
 * <p>The rule language, tier boundaries and every rounding step are documented in {@code
 * pricing-rules/README.md}.
 */
package io.rateflow.pricing;

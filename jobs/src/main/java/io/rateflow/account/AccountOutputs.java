package io.rateflow.account;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;

/**
 * Where the {@link AccountEngine} puts what it decides, in the order it decides it. Passed to each
 * call: the streaming job's callbacks each have their own collectors.
 */
public interface AccountOutputs {
  void charge(Charge charge);

  void rejected(RejectedEvent rejected);

  void movement(BalanceMovementRecord movement);

  void balance(BalanceView view);

  void trigger(PromotionTriggerRecord trigger);

  void estimate(EstimateResponse response);

  /**
   * The account's wallet has a grant expiring at {@code at} (epoch millis): call {@link
   * AccountEngine#expire} then. Asked again after every wallet change; asking twice for one time is
   * one call.
   */
  void expiryTimer(long at);

  /**
   * The account has a period boundary at {@code at} (epoch millis, event time): a recurring item's
   * next period or a minimum's close. Call {@link AccountEngine#advance} when the event-time clock
   * reaches it. Asking twice for one time is one call.
   */
  default void periodTimer(long at) {}

  /** An event was rated (one or more charge lines); for counting. */
  default void rated(ActivityEvent event) {}

  /**
   * What an implementation throws when passing a result on fails (a downstream operator or sink
   * chained behind it): never the input's fault, so the engine lets it fail the job rather than
   * setting the input aside as a {@code PROCESSING_ERROR}.
   */
  final class EmitFailure extends RuntimeException {
    public EmitFailure(RuntimeException cause) {
      super(cause);
    }
  }
}

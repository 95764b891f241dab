package io.rateflow.job;

import io.rateflow.account.AccountEngine;
import io.rateflow.account.AccountOutputs;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;

/**
 * Where the {@link AccountEngine}'s results go in one callback of the account operator: charges and
 * movements through the account's ledger ({@link KeyedLedger}, unless the ledger is off) to their
 * outputs, balance views to {@link BalanceViews}, the rest straight to their side outputs, each
 * counted. Built per callback around its {@link Callback}.
 */
final class EngineOutputs implements AccountOutputs {
  private final Callback call;
  private final AccountMetrics metrics;

  /** null when {@code ledger.enabled=false}. */
  private final KeyedLedger ledger;

  private final BalanceViews views;

  /** The input being decided, for counting balance-command outcomes; null between inputs. */
  private Inbound current;

  private boolean currentRejected;

  EngineOutputs(Callback call, AccountMetrics metrics, KeyedLedger ledger, BalanceViews views) {
    this.call = call;
    this.metrics = metrics;
    this.ledger = ledger;
    this.views = views;
  }

  Callback call() {
    return call;
  }

  /** The engine is about to decide {@code in}: what it rejects from now on is this input. */
  void begin(Inbound in) {
    current = in;
    currentRejected = false;
  }

  /** The engine is done with {@code in} (not held): a command that was not rejected was applied. */
  void done(Inbound in) {
    if (in == current && !currentRejected && in.getPayload() instanceof BalanceCommand) {
      metrics.commandsApplied.inc();
    }
    current = null;
  }

  @Override
  public void charge(Charge charge) {
    if (ledger != null) {
      posting(() -> ledger.post(charge, call));
    }
    call.collect(charge);
    metrics.charge(charge);
  }

  @Override
  public void rejected(RejectedEvent r) {
    call.emit(RatingPipeline.REJECTED, r);
    metrics.rejected.inc();
    if (current != null && current.getPayload() instanceof BalanceCommand) {
      currentRejected = true;
      metrics.commandsRejected.get(r.getReasonCode()).inc();
    }
  }

  @Override
  public void movement(BalanceMovementRecord m) {
    call.emit(RatingPipeline.MOVEMENTS, m);
    if (ledger != null) {
      posting(() -> ledger.post(m, call));
    }
  }

  @Override
  public void balance(BalanceView v) {
    posting(() -> views.changed(v.getAccountId(), v, call));
  }

  @Override
  public void trigger(PromotionTriggerRecord t) {
    call.emit(RatingPipeline.TRIGGERS, t);
    metrics.triggers.get(t.getKind()).inc();
  }

  @Override
  public void estimate(EstimateResponse r) {
    call.emit(RatingPipeline.ESTIMATES, r);
  }

  @Override
  public void expiryTimer(long at) {
    if (call.keyed()) {
      call.timers().registerProcessingTimeTimer(at);
    }
  }

  @Override
  public void periodTimer(long at) {
    if (call.keyed()) {
      call.timers().registerEventTimeTimer(at);
    }
  }

  @Override
  public void rated(ActivityEvent event) {
    metrics.rated.inc();
  }

  private interface StateWork {
    void run() throws Exception;
  }

  /**
   * State work behind an output (the ledger, the views): its failure is the job's, never the
   * input's, so it must not come back to the engine as a plain runtime failure (which it would set
   * aside as the input's {@code PROCESSING_ERROR} after the charge had gone out).
   */
  private static void posting(StateWork work) {
    try {
      work.run();
    } catch (EmitFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EmitFailure(e);
    } catch (Exception e) {
      throw new EmitFailure(new IllegalStateException(e));
    }
  }
}

package io.rateflow.cli.soak;

import io.rateflow.account.AccountEngine;
import io.rateflow.account.AccountOutputs;
import io.rateflow.account.InMemoryAccountState;
import io.rateflow.account.RuleCatalogue;
import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.avro.RuleKind;
import io.rateflow.job.LedgerMapping;
import io.rateflow.job.RatingConfig;
import io.rateflow.ledger.AccountLedger;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.LedgerOutcome;
import io.rateflow.ledger.LedgerSettings;
import io.rateflow.ledger.PostingException;
import io.rateflow.rating.EventCheck;
import io.rateflow.rating.RejectReason;
import io.rateflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's reference: the same input driven sequentially through the pure domain core — the
 * account engine with in-memory state for charges, movements, triggers and balances, and per
 * account an {@link AccountLedger} with the same charts of accounts, fed the account's facts in
 * order and advanced to the end of time at the end, for the erp-gl-export entries (daily summaries,
 * one entry per movement). No Flink, no Kafka, no faults: what the job must have committed,
 * whatever happened to it.
 */
final class EngineReference {
  private EngineReference() {}

  /**
   * One account's inputs, in the order the soak made them reach the job: profile, commands, events.
   */
  private static final class AccountInputs {
    final List<Inbound> inputs = new ArrayList<>();
  }

  static Outcome compute(SoakTraffic traffic, List<PricingRule> rules, RatingConfig config)
      throws Exception {
    RuleCatalogue catalogue = new RuleCatalogue();
    ChartBook charts = ChartBook.of();
    for (PricingRule r : rules) {
      if (r.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
        charts = charts.with(ChartOfAccountsParser.parse(r.getSourceName(), r.getDocument()));
      } else {
        catalogue.add(r);
      }
    }
    AccountEngine engine = new AccountEngine(config, catalogue);
    Outcome outcome = Outcome.empty();
    LedgerSettings ledgerSettings = new LedgerSettings(config.allowedLateness().toMillis(), false);

    Map<String, AccountInputs> byAccount = new LinkedHashMap<>();
    for (AccountProfile p : traffic.accounts()) {
      add(byAccount, p.getAccountId(), p, config.accountsTopic());
    }
    for (BalanceCommand c : traffic.commands()) {
      add(byAccount, c.getAccountId(), c, config.balanceCommandsTopic());
    }
    // The events pass the decoder's checks first, as in the job: what it rejects never reaches the
    // engine.
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    EventCheck check = new EventCheck(config.maxFutureSkew(), config.maxQuantity());
    for (SoakTraffic.Record r : traffic.events()) {
      ActivityEvent e;
      try {
        e = codec.decode(r.value());
      } catch (Exception malformed) {
        continue;
      }
      if (check
          .check(
              e.getEventId(),
              e.getAccountId(),
              e.getMeter(),
              e.getQuantity(),
              e.getEventTime(),
              Instant.now())
          .isPresent()) {
        continue;
      }
      add(byAccount, e.getAccountId(), e, config.eventsTopic());
    }

    for (AccountInputs account : byAccount.values()) {
      AccountLedger ledger = new AccountLedger(ledgerSettings);
      AccountOutputs outputs = outputs(outcome, ledger, charts);
      InMemoryAccountState state = new InMemoryAccountState();
      List<Inbound> held = new ArrayList<>();
      List<RejectReason> heldFor = new ArrayList<>();
      for (Inbound in : account.inputs) {
        RejectReason waits;
        try {
          waits = engine.process(in, state, outputs, System.currentTimeMillis(), Long.MAX_VALUE);
        } catch (Exception | Error e) {
          // The job's operator runs the same code: an input the engine throws on fails the job on
          // every restart. Count it and go on, so the report names it instead of crashing.
          outcome.addPoison(describe(in) + ": " + e);
          continue;
        }
        if (in.getPayload() instanceof AccountProfile) {
          // a profile releases what waited for it, in order
          for (int i = 0; i < held.size(); i++) {
            RejectReason still =
                engine.retry(held.get(i), state, outputs, System.currentTimeMillis());
            if (still == null) {
              held.remove(i);
              heldFor.remove(i);
              i--;
            } else {
              heldFor.set(i, still);
            }
          }
        } else if (waits != null) {
          held.add(in);
          heldFor.add(waits);
        }
      }
      for (int i = 0; i < held.size(); i++) {
        engine.timedOut(held.get(i), heldFor.get(i), outputs, System.currentTimeMillis());
      }
      // Expiry is processing time in the job: lapse what has lapsed by now, as the job's timers
      // would.
      engine.expire(System.currentTimeMillis(), state, outputs);
      // the end of the input: every day closes, as at the end of a bounded run
      ledger
          .advance(Long.MAX_VALUE)
          .export()
          .forEach(e -> outcome.addJournalEntry(LedgerMapping.toAvro(e)));
    }
    return outcome;
  }

  private static String describe(Inbound in) {
    Object p = in.getPayload();
    if (p instanceof ActivityEvent e) {
      return "event " + e.getEventId() + " of " + e.getAccountId();
    }
    if (p instanceof BalanceCommand c) {
      return "command " + c.getCommandId() + " of " + c.getAccountId();
    }
    return "profile of " + in.getAccountId();
  }

  private static void add(
      Map<String, AccountInputs> byAccount, String account, Object payload, String topic) {
    byAccount
        .computeIfAbsent(account, a -> new AccountInputs())
        .inputs
        .add(
            Inbound.newBuilder()
                .setAccountId(account)
                .setPayload(payload)
                .setRaw(ByteBuffer.allocate(0))
                .setSourceTopic(topic)
                .setSourcePartition(0)
                .setSourceOffset(0)
                .setIngestedAt(0L)
                .setHeldSince(0L)
                .build());
  }

  private static AccountOutputs outputs(Outcome outcome, AccountLedger ledger, ChartBook charts) {
    return new AccountOutputs() {
      @Override
      public void charge(Charge charge) {
        if (LedgerMapping.isBooked(charge.getStatus())
            && charts.inForceAt(charge.getEventTime()).isPresent()) {
          LedgerOutcome posted =
              post(() -> ledger.post(LedgerMapping.chargeFact(charge), charts, Long.MIN_VALUE));
          // the drill-down id the job puts on the charge
          charge.setJournalEntryId(posted == null ? null : posted.journalEntryId());
        }
        outcome.addCharge(charge);
      }

      @Override
      public void movement(BalanceMovementRecord movement) {
        if (LedgerMapping.notJournaled(movement) == null
            && charts.inForceAt(movement.getAt()).isPresent()) {
          post(() -> ledger.post(LedgerMapping.movementFact(movement), charts, Long.MIN_VALUE));
        }
      }

      /** The ledger's outcome, its exports recorded; null when the fact cannot be posted. */
      private LedgerOutcome post(java.util.function.Supplier<LedgerOutcome> fact) {
        try {
          LedgerOutcome posted = fact.get();
          posted.export().forEach(e -> outcome.addJournalEntry(LedgerMapping.toAvro(e)));
          return posted;
        } catch (PostingException | IllegalArgumentException unpostable) {
          // the job sends it to erp-gl-rejected: no journal entry either
          return null;
        }
      }

      @Override
      public void balance(BalanceView view) {
        outcome.setBalance(view);
      }

      @Override
      public void trigger(PromotionTriggerRecord trigger) {
        outcome.addTrigger(trigger);
      }

      @Override
      public void rejected(RejectedEvent rejected) {}

      @Override
      public void estimate(EstimateResponse response) {}

      @Override
      public void expiryTimer(long at) {}
    };
  }
}

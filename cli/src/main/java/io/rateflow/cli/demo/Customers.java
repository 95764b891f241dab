package io.rateflow.cli.demo;

import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.PromotionTriggerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's prepaid customers: when advice of charge says their credit is low or gone, they top up
 * 60.00 — enough for the top-up bonus promotion, which closes the loop usage → low balance → top-up
 * offer → top-up → bonus credit. At most two top-ups per account.
 */
final class Customers {
  private static final long TOP_UP_MINOR = 6000;

  private final TrafficGenerator traffic;
  private final Set<String> prepaid;
  private final Map<String, Integer> topUpsByAccount = new HashMap<>();
  private final List<BalanceCommand> queued = new ArrayList<>();
  private int topUps;

  Customers(TrafficGenerator traffic, Set<String> prepaid) {
    this.traffic = traffic;
    this.prepaid = prepaid;
  }

  void react(PromotionTriggerRecord t) {
    boolean low =
        t.getKind().equals("BELOW_PERCENT_OF_LAST_TOP_UP") || t.getKind().equals("EXHAUSTED");
    if (!low
        || !prepaid.contains(t.getAccountId())
        || topUpsByAccount.getOrDefault(t.getAccountId(), 0) >= 2) {
      return;
    }
    topUpsByAccount.merge(t.getAccountId(), 1, Integer::sum);
    // the command id comes from the trigger: re-reading the trigger never tops up twice
    queued.add(
        traffic.topUp("topup-after-" + t.getTriggerId(), t.getAccountId(), TOP_UP_MINOR, "EUR"));
    topUps++;
  }

  List<BalanceCommand> drain() {
    List<BalanceCommand> out = List.copyOf(queued);
    queued.clear();
    return out;
  }

  int topUps() {
    return topUps;
  }
}

package io.rateflow.cli.balances;

import io.rateflow.avro.AllowanceView;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.GrantView;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.cli.rules.KafkaClientOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./rateflow balances show ACCOUNT}: an account's balances as downstream systems see them.
 */
@Command(
    name = "balances",
    mixinStandardHelpOptions = true,
    description = "Shows account balances.",
    subcommands = {BalancesCommand.Show.class})
public final class BalancesCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Prints one account's balances.",
        "Reads the compacted balances topic (read_committed) and prints the account's latest view."
      })
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ACCOUNT")
    String account;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
        names = "--topic",
        defaultValue = "balances",
        description = "Balances topic (default ${DEFAULT-VALUE}).")
    String topic;

    @picocli.CommandLine.Mixin KafkaClientOptions client = new KafkaClientOptions();

    @Override
    public Integer call() {
      List<BalanceView> views =
          TopicSnapshot.read(
              bootstrap, client.settings(), topic, BalanceView.class, Duration.ofSeconds(30));
      BalanceView v = null;
      for (BalanceView candidate : views) {
        if (candidate.getAccountId().equals(account)) {
          v = candidate; // later records of a key supersede earlier ones
        }
      }
      if (v == null) {
        System.out.printf(
            "no balances for account %s on %s (accounts without grants or prepaid credit have none)%n",
            account, topic);
        return 1;
      }
      int d = v.getCurrencyDigits();
      System.out.printf(
          "account %s, %s, as of %s%n", v.getAccountId(), v.getCurrency(), v.getAsOf());
      System.out.printf("  prepaid       %s%n", money(v.getPrepaidMinor(), d));
      System.out.printf("  promotional   %s%n", money(v.getPromotionalMinor(), d));
      System.out.printf(
          "  overdraft     %s (credit limit %s)%n",
          money(v.getOverdraftMinor(), d), money(v.getCreditLimitMinor(), d));
      for (GrantView g : v.getGrants()) {
        System.out.printf(
            "  grant %-28s %-11s %12s  priority %3d  expires %s%n",
            g.getGrantId(),
            g.getKind(),
            money(g.getRemainingMinor(), d),
            g.getPriority(),
            g.getExpiry() == null ? "never" : g.getExpiry());
      }
      for (AllowanceView a : v.getAllowances()) {
        System.out.printf(
            "  allowance %-18s used %s of %s since %s%n",
            a.getMeter(), a.getUsed(), a.getLimit(), a.getPeriodStart());
      }
      return 0;
    }

    private static String money(long minor, int digits) {
      return BigDecimal.valueOf(minor, digits).toPlainString();
    }
  }
}

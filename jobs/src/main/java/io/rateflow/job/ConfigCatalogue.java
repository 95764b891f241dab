package io.rateflow.job;

import io.rateflow.account.RuleCatalogue;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.ledger.ChartBook;
import io.rateflow.ledger.ChartOfAccounts;
import io.rateflow.ledger.ChartOfAccountsParser;
import io.rateflow.ledger.ChartValidationException;
import io.rateflow.pricing.RuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The account operator's configuration from the broadcast side: pricing versions and promotions
 * (the {@link RuleCatalogue} the engine rates with) and, when the ledger runs, the charts of
 * accounts ({@link ChartBook}). The broadcast state holds the documents and survives restarts; this
 * keeps their parsed form, rebuilt lazily after a restore ({@link #load}).
 *
 * <p>Every parallel instance sees each configuration record, so a document that cannot be used is
 * rejected by subtask 0 only: once on the rejected-rules topic.
 */
final class ConfigCatalogue {
  /** What {@link #add} did with a document. */
  enum Added {
    /** A new pricing or promotion version: held inputs may go now. */
    RULE,
    /** A new chart-of-accounts version: held ledger facts may go now. */
    CHART,
    /** Known already, rejected, or not for this operator: nothing changed. */
    NOTHING
  }

  private final RuleCatalogue rules = new RuleCatalogue();
  private final boolean withCharts;
  private final long allowedLatenessMillis;
  private final boolean firstSubtask;
  private final AccountMetrics metrics;
  private ChartBook charts = ChartBook.of();
  private boolean loaded;

  /**
   * @param withCharts whether the ledger runs here (else charts of accounts are ignored)
   * @param firstSubtask whether this instance reports rejected documents (subtask 0)
   */
  ConfigCatalogue(
      RatingConfig config, boolean withCharts, boolean firstSubtask, AccountMetrics metrics) {
    this.withCharts = withCharts;
    this.allowedLatenessMillis = config.allowedLateness().toMillis();
    this.firstSubtask = firstSubtask;
    this.metrics = metrics;
  }

  /** Pricing versions and promotions in force, for the engine. */
  RuleCatalogue rules() {
    return rules;
  }

  /** Every chart-of-accounts version accepted so far. */
  ChartBook charts() {
    return charts;
  }

  /** Parses what the broadcast state holds, once per operator instance (after a restore). */
  void load(ReadOnlyBroadcastState<String, PricingRule> state) throws Exception {
    if (loaded) {
      return;
    }
    for (Map.Entry<String, PricingRule> entry : state.immutableEntries()) {
      PricingRule r = entry.getValue();
      if (r.getKind() == RuleKind.CHART_OF_ACCOUNTS) {
        if (withCharts) {
          charts = charts.with(ChartOfAccountsParser.parse(sourceOf(r), r.getDocument()));
        }
      } else {
        rules.add(r);
      }
    }
    loaded = true;
    metrics.rules.publish(rules.book().versions());
  }

  /**
   * Adds a configuration document from the broadcast side and keeps it in {@code state}. A version
   * published again with other content, and a chart that does not validate, are rejected on {@link
   * RatingPipeline#REJECTED_RULES}; what was in force stays in force. Pricing versions older than
   * the allowed lateness behind the watermark are dropped: no event may use them any more.
   */
  Added add(PricingRule rule, BroadcastState<String, PricingRule> state, Callback call)
      throws Exception {
    boolean chart = rule.getKind() == RuleKind.CHART_OF_ACCOUNTS;
    if (chart && !withCharts) {
      return Added.NOTHING;
    }
    String key = key(rule);
    PricingRule known = state.get(key);
    if (known != null) {
      if (!known.getDocument().equals(rule.getDocument())) {
        reject(
            rule,
            List.of(
                rule.getSourceName()
                    + ": "
                    + key
                    + " was already published with different content; publish it as a new version"),
            call);
      }
      return Added.NOTHING;
    }
    if (chart) {
      Optional<ChartOfAccounts> parsed = parseChart(rule, call);
      if (parsed.isEmpty()) {
        return Added.NOTHING;
      }
      state.put(key, rule);
      charts = charts.with(parsed.get());
      return Added.CHART;
    }
    if (!rules.add(rule)) {
      return Added
          .NOTHING; // RuleDecoder already rejected it, once; the previous version stays in force
    }
    state.put(key, rule);
    long watermark = call.watermark();
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      for (RuleSet dropped :
          rules.book().evictBefore(Instant.ofEpochMilli(watermark - allowedLatenessMillis))) {
        state.remove(RuleKind.PRICING + "/" + dropped.id() + "@" + dropped.version());
      }
    }
    metrics.rules.publish(rules.book().versions());
    return Added.RULE;
  }

  /** A chart checked here (the rules decoder leaves charts to the ledger); empty when rejected. */
  private Optional<ChartOfAccounts> parseChart(PricingRule rule, Callback call) {
    String source = sourceOf(rule);
    try {
      ChartOfAccounts parsed = ChartOfAccountsParser.parse(source, rule.getDocument());
      if (!parsed.id().equals(rule.getRuleSetId()) || parsed.version() != rule.getVersion()) {
        reject(
            rule,
            List.of(
                source
                    + ": the record says "
                    + rule.getRuleSetId()
                    + " v"
                    + rule.getVersion()
                    + " but the document is "
                    + parsed.id()
                    + " v"
                    + parsed.version()),
            call);
        return Optional.empty();
      }
      return Optional.of(parsed);
    } catch (ChartValidationException e) {
      reject(rule, e.problems(), call);
      return Optional.empty();
    }
  }

  private void reject(PricingRule rule, List<String> problems, Callback call) {
    if (firstSubtask) {
      call.emit(RatingPipeline.REJECTED_RULES, RuleDecoder.rejection(rule, problems, call.now()));
      metrics.rulesRejected.inc();
    }
  }

  private static String sourceOf(PricingRule r) {
    return r.getSourceName().isEmpty() ? r.getRuleSetId() : r.getSourceName();
  }

  /** The broadcast-state key of a document: "KIND/id@version". */
  static String key(PricingRule r) {
    return r.getKind() + "/" + r.getRuleSetId() + "@" + r.getVersion();
  }
}

package io.rateflow.cli.rules;

import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import io.rateflow.cli.io.KafkaConnection;
import io.rateflow.cli.kafka.Topics;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.schema.AvroCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./rateflow rules validate|publish|list}: the pricing manager's way to change prices
 * safely.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Validates, publishes and lists rule documents.",
    subcommands = {
      RulesCommand.Validate.class,
      RulesCommand.Publish.class,
      RulesCommand.ListRules.class
    })
public final class RulesCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * Kafka connection options shared by publish and list: the rateflow.properties of {@code run}
   * ({@code --config}), or {@code --bootstrap} with client options, as the data commands take them.
   */
  static final class Connection {
    @picocli.CommandLine.Mixin KafkaConnection connection = new KafkaConnection();

    @Option(
        names = "--topic",
        description = "Rules topic (default: topic.rules of --config, else pricing-rules).")
    String topicOverride;

    private RatingConfig rating() {
      return connection.rating();
    }

    String bootstrap() {
      return rating().bootstrapServers();
    }

    String topic() {
      return topicOverride != null ? topicOverride : rating().rulesTopic();
    }

    /** Every client setting except bootstrap.servers. */
    Map<String, String> extra() {
      Map<String, String> m = new HashMap<>(connection.clientSettings(rating()));
      m.remove("bootstrap.servers");
      return m;
    }

    /** Every rule record on the topic, read_committed, oldest first. */
    List<PricingRule> readAll() throws IOException {
      Map<String, Object> config = new HashMap<>(extra());
      config.put("bootstrap.servers", bootstrap());
      AvroCodec<PricingRule> codec = AvroCodec.of(PricingRule.class);
      List<PricingRule> out = new ArrayList<>();
      Topics.with(config)
          .forEachCommitted(
              topic(),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer(),
              Duration.ofSeconds(30),
              r -> {
                try {
                  out.add(codec.decode(r.value()));
                } catch (Exception e) {
                  System.err.printf(
                      "skipping undecodable record %s/%d@%d%n",
                      r.topic(), r.partition(), r.offset());
                }
              });
      return out;
    }
  }

  /**
   * A directory without rule files is a mistake (a wrong path, a wrong extension), never "all
   * valid".
   */
  static boolean noRuleFiles(Path path) {
    if (!Files.exists(path)) {
      System.out.printf("%s: no such file or directory%n", path);
      return true;
    }
    if (RuleDocuments.list(path).isEmpty()) {
      System.out.printf(
          "%s: no rule files (*.yaml, *.yml, *.json) in this directory or below; nothing checked%n",
          path);
      return true;
    }
    return false;
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Checks rule files and exits 1 if any is invalid.",
        "Recognises each document's kind (rule set, promotions, chart of accounts) and checks it with that kind's",
        "parser, in PATH and its subdirectories; skips JSON Schemas. Prints per file its kind and whether it is",
        "valid, and file:line: reason for each problem."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "A rule file or a directory of them.")
    Path path;

    @Override
    public Integer call() {
      if (noRuleFiles(path)) {
        return 1;
      }
      List<RuleDocument> documents = RuleDocuments.read(path, "validate");
      int problems = report(documents);
      if (documents.stream().allMatch(RuleDocument::skipped)) {
        System.out.printf(
            "%s: no rule documents, only files that are skipped; nothing checked%n", path);
        return 1;
      }
      if (problems > 0) {
        System.out.printf("%d problem(s); nothing is valid until all are fixed%n", problems);
        return 1;
      }
      return 0;
    }
  }

  /**
   * One line per document (kind, verdict, what it holds) and its problems; returns how many
   * problems.
   */
  static int report(List<RuleDocument> documents) {
    int problems = 0;
    for (RuleDocument d : documents) {
      String verdict = d.skipped() ? "skipped" : d.valid() ? "ok" : "INVALID";
      System.out.printf(
          "%-8s %-18s %s%s%n",
          verdict, d.kind().label(), d.file(), d.summary().isEmpty() ? "" : ": " + d.summary());
      for (String p : d.problems()) {
        System.out.println("  " + p);
      }
      problems += d.problems().size();
    }
    return problems;
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Publishes new versions of rule documents to the rules topic in one transaction.",
        "Validates every document first (rule sets, promotions, charts of accounts, in PATH and its subdirectories;",
        "JSON Schemas are skipped and said so) and shows what changes against the topic. An invalid set publishes",
        "nothing; an unchanged version is skipped; a changed document under an existing version is refused",
        "(publish it as a new version). A changed promotion document, which has no version of its own, is published",
        "as the next version of its file name."
      })
  static final class Publish implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "A rule file or a directory of them.")
    Path path;

    @picocli.CommandLine.Mixin Connection kafka = new Connection();

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who publishes (recorded on each version).")
    String by;

    @Option(names = "--dry-run", description = "Show the changes, publish nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      if (noRuleFiles(path)) {
        return 1;
      }
      List<RuleDocument> documents = RuleDocuments.read(path, by);
      int problems = 0;
      for (RuleDocument d : documents) {
        if (d.skipped()) {
          System.out.printf(
              "skipped   %s: a %s; the rules topic carries no such document%n",
              d.file(), d.kind().label());
        }
        for (String p : d.problems()) {
          System.out.println(p);
          problems++;
        }
      }
      if (problems > 0) {
        System.out.printf("%d problem(s): nothing published%n", problems);
        return 1;
      }
      Map<String, PricingRule> onTopic = new HashMap<>();
      Map<String, PricingRule> latestOnTopic = new HashMap<>();
      for (PricingRule r : kafka.readAll()) {
        onTopic.put(r.getKind() + " " + r.getRuleSetId() + "@" + r.getVersion(), r);
        latestOnTopic.merge(
            r.getKind() + " " + r.getRuleSetId(),
            r,
            (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
      }
      List<PricingRule> toPublish = new ArrayList<>();
      int conflicts = 0;
      for (RuleDocument d : documents) {
        for (PricingRule record : d.records()) {
          String label = d.kind().label() + " " + record.getRuleSetId();
          if (record.getKind() == RuleKind.PROMOTION) {
            PricingRule latest = latestOnTopic.get(record.getKind() + " " + record.getRuleSetId());
            if (latest != null && latest.getDocument().equals(record.getDocument())) {
              System.out.printf("unchanged %s v%d%n", label, latest.getVersion());
              continue;
            }
            record.setVersion(latest == null ? 1 : latest.getVersion() + 1);
            System.out.printf("new       %s v%d (%s)%n", label, record.getVersion(), d.file());
            toPublish.add(record);
            continue;
          }
          PricingRule existing =
              onTopic.get(
                  record.getKind() + " " + record.getRuleSetId() + "@" + record.getVersion());
          if (existing == null) {
            System.out.printf(
                "new       %s v%d effective %s (%s)%n",
                label, record.getVersion(), record.getEffectiveFrom(), d.file());
            toPublish.add(record);
          } else if (existing.getDocument().equals(record.getDocument())) {
            System.out.printf("unchanged %s v%d%n", label, record.getVersion());
          } else {
            System.out.printf(
                "CONFLICT  %s v%d is already published with other content; bump its version (%s)%n",
                label, record.getVersion(), d.file());
            conflicts++;
          }
        }
      }
      if (conflicts > 0) {
        System.out.println("nothing published");
        return 1;
      }
      if (dryRun || toPublish.isEmpty()) {
        System.out.println(
            toPublish.isEmpty() ? "nothing to publish" : "dry run: nothing published");
        return 0;
      }
      Producers.publishRules(kafka.bootstrap(), kafka.extra(), kafka.topic(), toPublish);
      System.out.printf("published %d version(s) to %s%n", toPublish.size(), kafka.topic());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Shows the versions on the rules topic.",
        "Per document: in force now, scheduled, and superseded."
      })
  static final class ListRules implements Callable<Integer> {
    @picocli.CommandLine.Mixin Connection kafka = new Connection();

    @Override
    public Integer call() throws Exception {
      Instant now = Instant.now();
      Map<String, List<PricingRule>> byId = new TreeMap<>();
      for (PricingRule r : kafka.readAll()) {
        byId.computeIfAbsent(r.getKind() + " " + r.getRuleSetId(), k -> new ArrayList<>()).add(r);
      }
      System.out.printf(
          "%-10s %-24s %8s  %-22s %-10s %s%n",
          "KIND", "ID", "VERSION", "EFFECTIVE FROM", "STATE", "PUBLISHED BY");
      for (var e : byId.entrySet()) {
        List<PricingRule> versions = e.getValue();
        versions.sort(
            Comparator.comparing(PricingRule::getEffectiveFrom)
                .thenComparing(PricingRule::getVersion));
        PricingRule inForce = null;
        for (PricingRule r : versions) {
          if (!r.getEffectiveFrom().isAfter(now)) {
            inForce = r;
          }
        }
        for (PricingRule r : versions) {
          String state =
              r == inForce
                  ? "IN FORCE"
                  : r.getEffectiveFrom().isAfter(now) ? "SCHEDULED" : "superseded";
          System.out.printf(
              "%-10s %-24s %8d  %-22s %-10s %s%n",
              r.getKind(),
              r.getRuleSetId(),
              r.getVersion(),
              r.getEffectiveFrom(),
              state,
              r.getPublishedBy());
        }
      }
      return 0;
    }
  }
}

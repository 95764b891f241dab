package io.rateflow.cli.rules;

import io.rateflow.avro.PricingRule;
import java.nio.file.Path;
import java.util.List;

/**
 * One file of a rules directory, recognised and validated by the parser of its kind.
 *
 * @param records what publishing it puts on the rules topic (empty when invalid or skipped)
 * @param summary what it holds, one line (ids, versions, effective time), when valid
 * @param problems every problem as {@code file:line: reason}; empty when valid
 */
public record RuleDocument(
    Path file,
    DocumentKind kind,
    List<PricingRule> records,
    String summary,
    List<String> problems) {
  public boolean valid() {
    return problems.isEmpty();
  }

  /** The rules topic carries no record of this kind: neither validated nor published. */
  public boolean skipped() {
    return kind.topicKind() == null;
  }
}

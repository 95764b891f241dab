package io.rateflow.cli.status;

import java.util.List;

/**
 * What the job uses of one rule document (a pricing rule set, a promotion document, a chart of
 * accounts) now.
 *
 * @param inForce the version in force now, or {@code null} when none is (all scheduled, or ended)
 * @param scheduled versions that take effect later, earliest first
 * @param rejected versions the job rejects (it never uses them), with the first problem each
 */
public record RuleSetState(
    String kind,
    String id,
    RuleVersion inForce,
    List<RuleVersion> scheduled,
    List<Rejected> rejected) {

  /** A version on the topic that the job's decoder refuses. */
  public record Rejected(long version, String problem) {}
}

package io.rateflow.cli.soak;

/** The kinds of fault the soak injects while events flow. */
public enum FaultKind {
  /** An exception thrown once by an operator inserted at one of the job's tap points. */
  OPERATOR_EXCEPTION("operator_exception"),
  /** A TaskManager terminated and a fresh one started in its place. */
  TASK_MANAGER_KILLED("task_manager_killed"),
  /** The Kafka broker stopped and started again on the same data directory and port. */
  BROKER_RESTARTED("broker_restarted"),
  /** A stop with savepoint and a restore at the other parallelism (2 → 1, 1 → 2). */
  RESCALED_FROM_SAVEPOINT("rescaled_from_savepoint");

  private final String key;

  FaultKind(String key) {
    this.key = key;
  }

  /** The name in the report. */
  public String key() {
    return key;
  }
}

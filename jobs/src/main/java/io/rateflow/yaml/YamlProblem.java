package io.rateflow.yaml;

/** A document that could not be composed into YAML nodes: the line (1-based) and the reason. */
public final class YamlProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String reason;

  public YamlProblem(int line, String reason) {
    super(line + ": " + reason);
    this.line = line;
    this.reason = reason;
  }

  public int line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}

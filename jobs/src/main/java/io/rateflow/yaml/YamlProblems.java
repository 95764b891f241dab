package io.rateflow.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects every problem of one configuration document, so that its author fixes them all in one
 * round. Each is reported as {@code "source:line: path: what is wrong, what to do"}, in document
 * order.
 */
public final class YamlProblems {
  private record Problem(int line, int order, String reason) {}

  private final String source;
  private final List<Problem> problems = new ArrayList<>();

  /**
   * @param source where the document came from (a file name), prefixed to every message
   */
  public YamlProblems(String source) {
    this.source = source;
  }

  /**
   * The document's root node within {@link BoundedYaml}'s bounds, or null: for an empty document
   * (nothing reported) or one that cannot be composed (reported with its line).
   *
   * @param what what the document is, for the size message ("rule document", "chart of
   *     accounts"...)
   */
  public Node compose(String document, String what) {
    try {
      return BoundedYaml.compose(document, what);
    } catch (YamlProblem e) {
      atLine(e.line(), e.reason());
      return null;
    }
  }

  /** A problem at the line where {@code node} starts (line 1 without a node). */
  public void at(Node node, String reason) {
    atLine(line(node), reason);
  }

  public void atLine(int line, String reason) {
    problems.add(new Problem(line, problems.size(), reason));
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** How many problems so far: a reader compares counts to tell whether one part was valid. */
  public int count() {
    return problems.size();
  }

  /**
   * Every problem as {@code "source:line: reason"}, by line and, on one line, in the order found.
   */
  public List<String> messages() {
    return problems.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::order))
        .map(p -> source + ":" + p.line() + ": " + p.reason())
        .toList();
  }

  /** The 1-based line where {@code node} starts; 1 without a node. */
  public static int line(Node node) {
    return node == null ? 1 : node.getStartMark().getLine() + 1;
  }

  /**
   * The one problem of a document whose reading failed in a way no check foresaw: one document must
   * never fail the job that reads it, whatever it makes a parser throw.
   *
   * @param what what the document is ("rule document", "chart of accounts"...)
   * @param check what to do, such as "check it against docs/ledger.md"
   */
  public static String unreadable(String source, String what, Throwable e, String check) {
    return source
        + ":1: the "
        + what
        + " could not be read ("
        + e.getClass().getSimpleName()
        + ": "
        + e.getMessage()
        + "); "
        + check;
  }
}

package io.rateflow.pricing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of a rule document, so an author fixes them all in one round. */
final class Problems {
    private record Problem(int line, int order, String reason) {}

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    /** A problem at the line where {@code node} starts. */
    void at(Node node, String reason) {
        atLine(node == null ? 1 : node.getStartMark().getLine() + 1, reason);
    }

    void atLine(int line, String reason) {
        problems.add(new Problem(line, problems.size(), reason));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem as {@code "source:line: reason"}, in document order. */
    List<String> messages() {
        return problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::order))
                .map(p -> source + ":" + p.line() + ": " + p.reason())
                .toList();
    }

    void throwIfAny() throws RuleValidationException {
        if (!problems.isEmpty()) {
            throw new RuleValidationException(messages());
        }
    }
}

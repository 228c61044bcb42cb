package dev.changeset.pipeline;

import java.util.List;

/**
 * A changeset that cannot be previewed as proposed, with every problem found, each naming the operation (by its
 * position and SKU) and the field. Nothing is stored when this is thrown.
 */
public class InvalidChangesetException extends UserActionable {

    private final List<String> problems;

    public InvalidChangesetException(List<String> problems) {
        super(Kind.BAD_INPUT, summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        int shown = Math.min(problems.size(), 20);
        String head = problems.size() == 1 ? "The changeset has 1 problem: "
                : "The changeset has " + problems.size() + " problems: ";
        String listed = String.join("; ", problems.subList(0, shown));
        return head + listed + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more." : ".");
    }
}

package dev.changeset.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Where a field stood at the start of the drift window: the value before the earliest change this server executed
 * to it within the window (by anyone), and how many changes it executed since. The policy judges a price or stock
 * change against this value as well as against the cell as it stands, so that a run of small changes (a salami)
 * counts as one (docs/architecture.md, "Policy facts").
 *
 * @param value the field's value before the earliest change in the window (stock as a whole number)
 * @param changes how many changes this server executed to the field within the window, at least 1
 */
public record Baseline(BigDecimal value, int changes) {

    public Baseline {
        Objects.requireNonNull(value, "value");
        if (changes < 1) {
            throw new IllegalArgumentException("a baseline comes from at least one executed change, got " + changes);
        }
    }
}

package dev.changeset.policy;

/** Decides how much trust each operation of a changeset needs, and says why. */
public interface Policy {

    /**
     * Evaluates a whole changeset in one rule session.
     *
     * @throws PolicyUnavailableException when no decision can be made (fail closed: no decision, no write)
     */
    PolicyDecision evaluate(PolicyRequest request);

    /** The rules in force, base tiers first (T0 to T3), then the escalations; read from the rule base itself. */
    java.util.List<RuleDescription> rules();

    /** The thresholds in force. */
    Thresholds thresholds();
}

package dev.changeset.policy;

import java.util.List;

/**
 * The policy's decision for one operation.
 *
 * @param index the operation's position in its changeset
 * @param tier the tier it needs, escalations included
 * @param rulesFired the names of the rules that fired for it, in firing order
 * @param reason why, in sentences a person understands
 * @param escalations each escalation that raised the tier, in words (empty when none)
 */
public record OperationDecision(int index, Tier tier, List<String> rulesFired, String reason,
        List<String> escalations) {

    public OperationDecision {
        rulesFired = List.copyOf(rulesFired);
        escalations = List.copyOf(escalations);
    }
}

package dev.changeset.policy;

import java.util.List;

/**
 * The policy's decision for a whole changeset.
 *
 * @param operations one decision per operation, in the order of the request
 * @param maxTier the highest tier among them (T0 for an empty changeset)
 * @param thresholds the thresholds in force when it was decided
 */
public record PolicyDecision(List<OperationDecision> operations, Tier maxTier, Thresholds thresholds) {

    public PolicyDecision {
        operations = List.copyOf(operations);
    }
}

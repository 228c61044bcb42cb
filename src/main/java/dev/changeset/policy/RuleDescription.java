package dev.changeset.policy;

/**
 * One rule of the policy as people and assistants read it.
 *
 * @param name the rule's stable name, as it appears in decisions
 * @param tier the tier it requires ({@code T0}..{@code T3}), or {@code +1} for an escalation
 * @param description what it means, with the thresholds in force filled in
 */
public record RuleDescription(String name, String tier, String description) {
}

package dev.changeset.pipeline;

import dev.changeset.policy.Tier;

/** The approval a changeset needs before it runs, from its highest tier. */
public enum ApprovalNeed {
    /** T0 and T1: runs at once. */
    NONE,
    /** T2: one tap by the user on their phone. */
    ONE_TAP,
    /** T3: the user and one configured second approver. */
    FOUR_EYES;

    public static ApprovalNeed forTier(Tier tier) {
        return switch (tier) {
            case T0, T1 -> NONE;
            case T2 -> ONE_TAP;
            case T3 -> FOUR_EYES;
        };
    }
}

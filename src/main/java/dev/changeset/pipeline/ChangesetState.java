package dev.changeset.pipeline;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a changeset stands. {@code PREVIEWED -> AWAITING_APPROVAL -> APPROVED -> EXECUTING -> VERIFIED -> SEALED},
 * with the terminal outcomes DENIED, EXPIRED, STALE (a previewed value changed before the write), FAILED and
 * CANCELLED. Every terminal state gets a sealed receipt.
 */
public enum ChangesetState {
    PREVIEWED, AWAITING_APPROVAL, APPROVED, EXECUTING, VERIFIED, SEALED, DENIED, EXPIRED, STALE, FAILED, CANCELLED;

    private static final Map<ChangesetState, Set<ChangesetState>> NEXT = Map.of(
            // STALE from PREVIEWED: a revert whose cells no longer hold what the reverted changeset wrote
            PREVIEWED, EnumSet.of(AWAITING_APPROVAL, APPROVED, CANCELLED, EXPIRED, FAILED, STALE),
            AWAITING_APPROVAL, EnumSet.of(APPROVED, DENIED, EXPIRED, CANCELLED, FAILED),
            APPROVED, EnumSet.of(EXECUTING, CANCELLED, EXPIRED, FAILED),
            EXECUTING, EnumSet.of(VERIFIED, STALE, FAILED),
            VERIFIED, EnumSet.of(SEALED));

    /** True when no step follows: the changeset's story is over. */
    public boolean isTerminal() {
        return this == SEALED || this == DENIED || this == EXPIRED || this == STALE || this == FAILED
                || this == CANCELLED;
    }

    /** True once a write may have happened (or did); such a changeset can no longer be cancelled. */
    public boolean isExecutionStarted() {
        return this == EXECUTING || this == VERIFIED || this == SEALED;
    }

    public boolean canMoveTo(ChangesetState next) {
        return NEXT.getOrDefault(this, Set.of()).contains(next);
    }
}

package dev.changeset.audit;

/**
 * How a changeset ended. Every terminal state of a changeset produces exactly one sealed receipt with one of
 * these outcomes.
 */
public enum Outcome {
    /** Executed, read back and verified. */
    SEALED,
    /** An approver said no. */
    DENIED,
    /** The approval was not given before its deadline. */
    EXPIRED,
    /** A previewed value changed before the write, so nothing was written. */
    STALE,
    /** Something failed (policy unreadable, Google error, verification mismatch); see the receipt's notes. */
    FAILED,
    /** The user cancelled the changeset before it ran. */
    CANCELLED
}

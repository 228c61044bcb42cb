package dev.changeset.audit;

import java.util.List;

/**
 * What a walk of the receipt chain found.
 *
 * @param intact true when every receipt's hash, link and sequence checked out, the chain head agrees, and the
 *        earlier head (if one was given) is still in the chain
 * @param receiptsChecked how many receipts were walked
 * @param lastSequence the sequence of the last receipt walked (0 for an empty chain)
 * @param lastHash the hash of the last receipt walked ({@link Receipt#GENESIS} for an empty chain)
 * @param earlierHead the head that was given to look for, if any
 * @param earlierHeadSequence where the earlier head was found; absent when not given or not found
 * @param firstProblem the first problem, or absent when intact
 * @param problems every problem found, up to {@value ChainVerifier#MAX_PROBLEMS}
 */
public record ChainReport(boolean intact, long receiptsChecked, long lastSequence, String lastHash,
        String earlierHead, Long earlierHeadSequence, Problem firstProblem, List<Problem> problems) {

    /** What can be wrong in the chain. */
    public enum Kind {
        /** The stored JSON no longer hashes to the receipt's hash: the receipt was altered. */
        HASH_MISMATCH,
        /** The stored JSON is not in canonical form (it hashes right, so it was re-hashed after an edit). */
        NOT_CANONICAL,
        /** The columns (sequence, id, previous hash, reverts) disagree with the hashed JSON. */
        CONTENT_MISMATCH,
        /** The receipt's previousHash is not the hash of the receipt before it. */
        BROKEN_LINK,
        /** Sequence numbers are missing: receipts were deleted. */
        GAP,
        /** The chain-head record names a receipt that the chain does not end with: the newest were deleted. */
        HEAD_MISMATCH,
        /** The head taken earlier (from an email) is not in the chain: receipts were deleted or altered. */
        EARLIER_HEAD_NOT_FOUND
    }

    /**
     * One problem.
     *
     * @param kind what is wrong
     * @param sequence the sequence of the receipt concerned (for a gap, the first missing one)
     * @param receiptId the receipt concerned, when there is one
     * @param detail what was expected and what was found
     */
    public record Problem(Kind kind, Long sequence, String receiptId, String detail) {
    }

    /** One line for people: intact, or the first problem. */
    public String summary() {
        String walked = receiptsChecked + " receipt" + (receiptsChecked == 1 ? "" : "s") + " checked";
        if (intact) {
            return "The audit log is intact: " + walked + ", head " + lastHash + " at sequence " + lastSequence
                    + (earlierHead == null ? "" : "; the earlier head is receipt " + earlierHeadSequence) + ".";
        }
        return "The audit log is NOT intact (" + walked + "): " + firstProblem.kind() + " at sequence "
                + firstProblem.sequence() + (firstProblem.receiptId() == null ? "" : " (receipt "
                        + firstProblem.receiptId() + ")")
                + ": " + firstProblem.detail()
                + (problems.size() > 1 ? " (" + (problems.size() - 1) + " more problem(s) listed)" : "");
    }
}
